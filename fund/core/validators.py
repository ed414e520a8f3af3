"""Checks and normalisation for the core answers of an application.

Registration numbers follow the formats of the registers themselves:
- Charity Commission for England and Wales: 6 or 7 digits (CIOs have 7).
- OSCR (Scotland): SC followed by 6 digits.
- Charity Commission for Northern Ireland: NIC followed by 6 digits
  (the register shows the number as NIC100002; applicants often drop "NIC").
- Companies House: 8 characters, either 8 digits (leading zeros may be
  left off) or two letters and 6 digits (SC, NI, OC, ...).
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fund.applications.models import OrganisationType

_CHARITY_EW = re.compile(r"^\d{6,7}$")
_CHARITY_SC = re.compile(r"^SC\d{6}$")
_CHARITY_NI = re.compile(r"^(?:NIC)?(\d{6})$")
_COMPANY = re.compile(r"^(?:\d{1,8}|[A-Z]{2}\d{6})$")
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")
_PHONE = re.compile(r"^(?:\+44|0)\d{9,10}$")
_POUNDS = re.compile(r"^(-?)£?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$")

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


def normalise_postcode(value):
    compact = re.sub(r"\s", "", value or "").upper()
    match = _POSTCODE.match(compact)
    if not match:
        raise ValidationError(_("Enter a real postcode, like LS1 2AB."))
    return f"{match.group(1)} {match.group(2)}"


def normalise_phone(value):
    compact = re.sub(r"[\s-]", "", value or "")
    # "+44 (0)113 ..." is a common way to write a UK number: drop the "(0)".
    compact = compact.replace("+44(0)", "+44").replace("(", "").replace(")", "")
    if not _PHONE.match(compact):
        raise ValidationError(
            _("Enter a UK telephone number, like 0113 496 0000 or +44 113 496 0000.")
        )
    return compact


def count_words(text):
    return len((text or "").split())


#: Amounts are stored in 12 digits, 2 of them pence.
LARGEST_AMOUNT = Decimal("10000000000")
PENNY = Decimal("0.01")

AMOUNT_INVALID = _("Enter the amount in pounds, like 2500 or 2500.50.")
AMOUNT_PENCE = _("Enter the amount in pounds and pence, with no more than 2 decimal places.")
AMOUNT_TOO_LARGE = _("Enter an amount of less than £10,000,000,000.00.")


def parse_pounds(value):
    """An amount of money as people write it ("2500", "2500.50", "£2,500.50",
    "-20"), as a Decimal; None for anything else. Python's Decimal would
    also take "1e3", "NaN" and "Infinity", which are no way to write money."""
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    match = _POUNDS.match(re.sub(r"\s", "", str(value)))
    if not match:
        return None
    sign, digits = match.groups()
    return Decimal(sign + digits.replace(",", ""))


def read_pounds(value) -> Decimal:
    """The one reading of an amount of money, for every form and service:
    "3,000", "£3,000", "3000.00" and "£7,500.50" all read, in pounds and
    pence. Raises ValidationError in plain words, with the code Django's
    DecimalField gives the same fault ("invalid", "max_decimal_places",
    "max_digits"), so a form may word its own message. Whether the amount
    may be zero or less is the caller's rule."""
    amount = parse_pounds(value)
    if amount is None:
        raise ValidationError(AMOUNT_INVALID, code="invalid")
    if abs(amount) >= LARGEST_AMOUNT:
        raise ValidationError(AMOUNT_TOO_LARGE, code="max_digits")
    if amount != amount.quantize(PENNY):
        raise ValidationError(AMOUNT_PENCE, code="max_decimal_places")
    return amount.quantize(PENNY)
