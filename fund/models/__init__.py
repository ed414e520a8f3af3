from .applications import Application, ApplicationDocument, ReferenceCounter
from .awards import (
    LIVE_AWARD_STATUSES,
    Award,
    AwardLetter,
    AwardStatus,
    BudgetEntry,
    DeclineReason,
    FundReturn,
    Instalment,
    LedgerKind,
    LetterStatus,
    Payment,
    ReturnReason,
)
from .bank import (
    BankDetails,
    BankDetailsSource,
    BankDetailsStatus,
    account_number_normalise,
    sort_code_normalise,
)
from .calls import CallFormField, CallPage, FundPage, ScoringCriterion
from .funder import FunderSettings
from .mail import QueuedEmail
from .reviews import (
    Conflict,
    CriterionScore,
    IneligibleReason,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewStatus,
)
from .status import ApplicationStatus
from .transparency import GrantsAwardedPage

__all__ = [
    "LIVE_AWARD_STATUSES",
    "Award",
    "BankDetails",
    "BankDetailsSource",
    "BankDetailsStatus",
    "account_number_normalise",
    "sort_code_normalise",
    "AwardLetter",
    "AwardStatus",
    "BudgetEntry",
    "DeclineReason",
    "FundReturn",
    "GrantsAwardedPage",
    "Instalment",
    "LedgerKind",
    "LetterStatus",
    "Payment",
    "QueuedEmail",
    "ReturnReason",
    "Application",
    "ApplicationDocument",
    "ApplicationStatus",
    "CallFormField",
    "CallPage",
    "Conflict",
    "CriterionScore",
    "IneligibleReason",
    "Recommendation",
    "Review",
    "ReviewAssignment",
    "ReviewStatus",
    "FundPage",
    "FunderSettings",
    "ReferenceCounter",
    "ScoringCriterion",
]
