"""An organisation's registration number, checked and written as its
register writes it for the type of organisation.

Registration numbers follow the formats of the registers themselves:
- Charity Commission for England and Wales: 6 or 7 digits (CIOs have 7).
- OSCR (Scotland): SC followed by 6 digits.
- Charity Commission for Northern Ireland: NIC followed by 6 digits
  (the register shows the number as NIC100002; applicants often drop "NIC").
- Companies House: 8 characters, either 8 digits (leading zeros may be
  left off) or two letters and 6 digits (SC, NI, OC, ...).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fund.applications.models import OrganisationType

_CHARITY_EW = re.compile(r"^\d{6,7}$")
_CHARITY_SC = re.compile(r"^SC\d{6}$")
_CHARITY_NI = re.compile(r"^(?:NIC)?(\d{6})$")
_COMPANY = re.compile(r"^(?:\d{1,8}|[A-Z]{2}\d{6})$")

_REGISTRATION_RULES = {
    OrganisationType.CHARITY_EW: (
        _CHARITY_EW,
        _("Enter a charity number for England and Wales, which is 6 or 7 digits, like 1123456."),
    ),
    OrganisationType.CIO: (
        _CHARITY_EW,
        _("Enter the CIO's charity number, which is 6 or 7 digits, like 1123456."),
    ),
    OrganisationType.CHARITY_SC: (
        _CHARITY_SC,
        _("Enter a Scottish charity number, which is SC and 6 digits, like SC012345."),
    ),
    OrganisationType.CHARITY_NI: (
        _CHARITY_NI,
        _("Enter a Northern Ireland charity number, which is NIC and 6 digits, like NIC100002."),
    ),
    OrganisationType.COMPANY: (
        _COMPANY,
        _("Enter a company number, which is 8 characters, like 01234567 or SC123456."),
    ),
    OrganisationType.CIC: (
        _COMPANY,
        _("Enter the CIC's company number, which is 8 characters, like 01234567 or SC123456."),
    ),
}


def normalise_registration_number(organisation_type, value):
    """Return the number as the register writes it, or raise ValidationError."""
    value = re.sub(r"[\s-]", "", value or "").upper()
    if organisation_type == OrganisationType.UNREGISTERED:
        if value:
            raise ValidationError(
                _("Leave the registration number empty for a group that is not registered.")
            )
        return ""
    rule = _REGISTRATION_RULES.get(organisation_type)
    if rule is None:
        return value
    pattern, message = rule
    match = pattern.match(value)
    if not value:
        raise ValidationError(_("Enter your organisation's registration number."))
    if not match:
        raise ValidationError(message)
    if organisation_type == OrganisationType.CHARITY_NI:
        return f"NIC{match.group(1)}"
    if organisation_type in (OrganisationType.COMPANY, OrganisationType.CIC) and value.isdigit():
        return value.zfill(8)
    return value
