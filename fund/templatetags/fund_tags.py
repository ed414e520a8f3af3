from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html
from wagtail.admin.auth import user_has_any_page_permission

from fund.core.money import pounds
from fund.core.text import strip_invisible

register = template.Library()


@register.filter
def when(value):
    """A date-time in London time, as GOV.UK writes it: "5:30pm on 26 December 2026",
    with "midday" and "midnight" for 12pm and 12am."""
    if not value:
        return ""
    local = timezone.localtime(value)
    if (local.hour, local.minute) == (12, 0):
        clock = "midday"
    elif (local.hour, local.minute) == (0, 0):
        clock = "midnight"
    else:
        hour = local.hour % 12 or 12
        minutes = f":{local.minute:02d}" if local.minute else ""
        clock = f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"
    return f"{clock} on {local.day} {local:%B %Y}"


@register.filter
def edits_pages(user):
    """True for staff who may edit some page: only they are offered page search."""
    return user_has_any_page_permission(user)


# Money is written one way everywhere: £4,750.00 (fund/core/money.py).
register.filter("pounds", pounds)


@register.filter
def described(field):
    """Render a field's input tied to its hint and error (aria-describedby)."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def applicant(value):
    """Text an applicant typed, for a letter or a PDF: escaped, without bidi
    controls or zero-width characters (rows saved before they were removed
    on saving may still hold them), in its own ``<bdi>`` element, which
    isolates its direction, so it cannot reorder the words printed around
    it."""
    return format_html('<bdi class="applicant">{}</bdi>', strip_invisible(str(value or "")))


@register.filter
def applicant_lines(value):
    """As ``applicant``, for text of several lines (an address, a summary):
    its line breaks become <br>."""
    text = linebreaksbr(strip_invisible(str(value or "")), autoescape=True)
    return format_html('<bdi class="applicant">{}</bdi>', text)
