"""Every model of the ``fund`` app, for Django's app loading and for the
migrations. Code imports a model from its domain's package (for example
``fund.awards.models.awards``); see docs/architecture.md."""

from fund.applications.models import Application, ApplicationDocument, ReferenceCounter
from fund.awards.models.awards import (
    Award,
    AwardLetter,
    BudgetEntry,
    FundReturn,
    Instalment,
    Payment,
)
from fund.awards.models.bank import BankDetails
from fund.calls.models import CallFormField, CallPage, FundPage, ScoringCriterion
from fund.core.funder import FunderSettings
from fund.core.outbox import QueuedEmail
from fund.opendata.models import GrantsAwardedPage
from fund.reviews.models import Conflict, CriterionScore, Review, ReviewAssignment

__all__ = [
    "Application",
    "ApplicationDocument",
    "Award",
    "AwardLetter",
    "BankDetails",
    "BudgetEntry",
    "CallFormField",
    "CallPage",
    "Conflict",
    "CriterionScore",
    "FundPage",
    "FundReturn",
    "FunderSettings",
    "GrantsAwardedPage",
    "Instalment",
    "Payment",
    "QueuedEmail",
    "ReferenceCounter",
    "Review",
    "ReviewAssignment",
    "ScoringCriterion",
]
