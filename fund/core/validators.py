"""Checks and normalisation shared by every form: postcodes, telephone
numbers, word counts and amounts of money. Registration numbers depend on
the organisation's type, so they are the applications domain's
(fund/applications/validators.py)."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")
_PHONE = re.compile(r"^(?:\+44|0)\d{9,10}$")
_POUNDS = re.compile(r"^(-?)£?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$")


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
