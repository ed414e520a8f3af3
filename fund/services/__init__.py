"""Every change of state in the fund happens here (STYLE.md, "Where the rules live").

Each service runs in one transaction, validates, writes the audit entry with
Wagtail's `log()` on the application (so its History shows who did what) and
queues side effects with `transaction.on_commit`, so a failing mail server
never undoes a change and a rolled-back change sends nothing.
"""

from .applications import (
    WITHDRAWABLE,
    CallClosed,
    application_draft_link_send,
    application_draft_save,
    application_link_resend,
    application_links_revoke,
    application_submit,
    application_withdraw,
    reference_allocate,
)
from .awards import (
    application_decline,
    award_accept,
    award_check,
    award_complete,
    award_decline_by_applicant,
    award_make,
    award_withdraw,
    decision_check,
    decision_too_soon,
    decline_check,
    instalment_add,
    paid_total,
    parse_money,
    payment_record,
    return_record,
    returned_total,
)
from .bank import (
    bank_details_approve,
    bank_details_change,
    bank_details_confirm,
    bank_details_current,
    bank_details_pending,
    bank_details_reveal,
)
from .errors import ServiceError
from .offers import offer_accept, offer_decline
from .retention import RetentionResult, retention_apply
from .reviews import (
    ReviewError,
    ScoreInput,
    application_screen,
    conflict_declare,
    review_check,
    review_reopen,
    review_save,
    review_weighted_score,
    reviewer_assign,
    reviewers_assign,
)
from .transitions import application_transition

__all__ = [
    "RetentionResult",
    "retention_apply",
    "WITHDRAWABLE",
    "application_draft_link_send",
    "application_draft_save",
    "application_link_resend",
    "application_links_revoke",
    "application_withdraw",
    "ServiceError",
    "bank_details_approve",
    "bank_details_change",
    "bank_details_confirm",
    "bank_details_current",
    "bank_details_pending",
    "bank_details_reveal",
    "offer_accept",
    "offer_decline",
    "application_decline",
    "award_accept",
    "award_check",
    "award_complete",
    "award_decline_by_applicant",
    "award_make",
    "award_withdraw",
    "decision_check",
    "decision_too_soon",
    "decline_check",
    "instalment_add",
    "paid_total",
    "parse_money",
    "payment_record",
    "return_record",
    "returned_total",
    "CallClosed",
    "ReviewError",
    "ScoreInput",
    "application_screen",
    "application_submit",
    "conflict_declare",
    "reference_allocate",
    "review_reopen",
    "review_check",
    "review_save",
    "review_weighted_score",
    "reviewer_assign",
    "reviewers_assign",
    "application_transition",
]
