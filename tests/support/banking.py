"""Bank details brought to a state through the services, for tests that pay
an award (a payment needs approved bank details: fund/services/bank.py)."""

from fund.awards.services.bank import bank_details_approve, bank_details_change
from tests.factories.people import FINANCE, staff

SORT_CODE = "12-34-56"
ACCOUNT_NUMBER = "1234 5678"
ACCOUNT_NAME = "Calder Safe Homes CIO"
#: The bank fields of the acceptance form, filled in.
BANK_DETAILS = {
    "account_name": ACCOUNT_NAME,
    "sort_code": SORT_CODE,
    "account_number": ACCOUNT_NUMBER,
}


def finance_user():
    return staff(FINANCE)


def bank_details_approved(award, *, approver=None, account_number=ACCOUNT_NUMBER):
    """Give an accepted award approved bank details, as the grantee giving
    them through the private link and a finance user approving them."""
    details = bank_details_change(
        award=award,
        account_name=ACCOUNT_NAME,
        sort_code=SORT_CODE,
        account_number=account_number,
    )
    return bank_details_approve(details=details, by=approver or finance_user())
