from .applicant import (
    AcceptOfferForm,
    BankDetailsForm,
    DeclarationForm,
    LostLinkForm,
    ReasonForm,
    condition_items,
)
from .application import (
    QUESTION_PREFIX,
    ApplicationForm,
    build_application_form_class,
    privacy_notice_url,
    question_definitions,
)

__all__ = [
    "QUESTION_PREFIX",
    "AcceptOfferForm",
    "BankDetailsForm",
    "ApplicationForm",
    "DeclarationForm",
    "LostLinkForm",
    "ReasonForm",
    "build_application_form_class",
    "condition_items",
    "privacy_notice_url",
    "question_definitions",
]
