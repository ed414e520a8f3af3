"""Widgets shared by the admin's own forms."""

from wagtail.admin.widgets import AdminDateInput


class DateInput(AdminDateInput):
    """Wagtail's date picker with its calendar kept inside the field.

    Wagtail's calendar is added to the end of the page, placed where the
    field was when it opened. The admin's content scrolls on its own, so
    scrolling down to the submit button left the calendar where it was, on
    top of the button. ``insideParent`` puts the calendar under the field
    and keeps it there as the content scrolls; static/css/admin.css keeps
    room under a date field while its calendar is open, so the calendar
    covers nothing else either."""

    def get_config(self):
        return {**super().get_config(), "insideParent": True}
