from .applications import Application, ApplicationDocument, ReferenceCounter
from .calls import CallFormField, CallPage, FundPage, ScoringCriterion
from .funder import FunderSettings
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

__all__ = [
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
