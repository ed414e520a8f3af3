from .applications import Application, ApplicationDocument, ReferenceCounter
from .calls import CallFormField, CallPage, FundPage, ScoringCriterion
from .funder import FunderSettings
from .status import ApplicationStatus

__all__ = [
    "Application",
    "ApplicationDocument",
    "ApplicationStatus",
    "CallFormField",
    "CallPage",
    "FundPage",
    "FunderSettings",
    "ReferenceCounter",
    "ScoringCriterion",
]
