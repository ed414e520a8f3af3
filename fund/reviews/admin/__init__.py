"""The grant panel member's side of the admin: their reviews on the dashboard
and in a listing, the conflict-of-interest declaration and the review form.

Blind scoring and conflicts are enforced by what each state of the review
page puts in its context: other reviews are not even queried until the
reviewer's own review is submitted, and nothing of the application but its
reference and call reaches the template until they declare no conflict.
The services decide every change.
"""

from fund.reviews.admin.listing import ReviewIndexView, ReviewsPanel
from fund.reviews.admin.views import ReviewView

__all__ = ["ReviewIndexView", "ReviewView", "ReviewsPanel"]
