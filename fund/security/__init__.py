"""Site-wide protections: the Content Security Policy and other response
headers, staff session time-outs and two-factor authentication. The sign-in
throttle is django-axes, configured in settings."""

from django.urls import get_script_prefix, reverse


def is_admin_request(request):
    """Whether the request is for the Wagtail admin, wherever the site is
    mounted. ``path_info`` never carries the script prefix (SCRIPT_NAME, a
    site under a sub-path) while ``reverse()`` does, so the prefix comes off
    the admin's address before they are compared: comparing them as they
    are would miss every admin page whenever there is a prefix."""
    admin = reverse("wagtailadmin_home").removeprefix(get_script_prefix())
    return request.path_info.startswith("/" + admin)
