"""What the tests of tests/calls/page_actions share.

Every Wagtail page action on funds and calls, through the page editor as a
fund manager (or an administrator where only one may act) and through the
model: nothing the fund holds is deleted, copied, moved or wound back with a
page, and a refusal says why on the page the editor comes back to.
"""

from django.contrib.messages import get_messages
from wagtail.models import Page

from fund.applications.models import Application
from fund.awards.models.awards import Award, BudgetEntry


def records():
    return (
        Application.objects.count(),
        Award.objects.count(),
        BudgetEntry.objects.count(),
        Page.objects.count(),
    )


def messages_of(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]
