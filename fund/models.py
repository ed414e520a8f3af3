"""Every model of the ``fund`` app, for Django's app loading and for the
migrations. Code imports a model from its domain's package (for example
``fund.awards.models.awards``); see docs/architecture.md."""

from fund.applications.models import (
    Application,
    ApplicationBudgetLine,
    ApplicationDocument,
    ApplicationTarget,
    ReferenceCounter,
)
from fund.awards.models.awards import (
    Award,
    AwardLetter,
    BudgetEntry,
    FundReturn,
    Instalment,
    Payment,
)
from fund.awards.models.bank import BankDetails
from fund.awards.models.plan import AwardBudgetLine, AwardTarget
from fund.calls.models import CallFormField, CallPage, FundPage, ScoringCriterion
from fund.calls.outcomes import OutcomeMeasure, ReportDue
from fund.core.funder import FunderSettings
from fund.core.outbox import QueuedEmail
from fund.monitoring.models import (
    GrantReport,
    ImpactReport,
    Reminder,
    ReportEvidence,
    ReportFigure,
    ReportSpend,
)
from fund.opendata.pages import GrantsAwardedPage, OutcomesPage
from fund.reviews.models import Conflict, CriterionScore, Review, ReviewAssignment

__all__ = [
    "Application",
    "ApplicationBudgetLine",
    "ApplicationDocument",
    "ApplicationTarget",
    "Award",
    "AwardBudgetLine",
    "AwardLetter",
    "AwardTarget",
    "BankDetails",
    "BudgetEntry",
    "CallFormField",
    "CallPage",
    "Conflict",
    "CriterionScore",
    "FundPage",
    "FundReturn",
    "FunderSettings",
    "GrantReport",
    "GrantsAwardedPage",
    "ImpactReport",
    "Instalment",
    "OutcomeMeasure",
    "OutcomesPage",
    "Payment",
    "QueuedEmail",
    "ReferenceCounter",
    "Reminder",
    "ReportDue",
    "ReportEvidence",
    "ReportFigure",
    "ReportSpend",
    "Review",
    "ReviewAssignment",
    "ScoringCriterion",
]
