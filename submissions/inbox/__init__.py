from .base import (
    AcceptView,
    DeclineView,
    SubmissionButtonHelper,
    SubmissionInbox,
    SubmissionIndexView,
    SubmissionPermissionHelper,
    neutralise_formula,
)

__all__ = [
    "AcceptView",
    "DeclineView",
    "SubmissionButtonHelper",
    "SubmissionInbox",
    "SubmissionIndexView",
    "SubmissionPermissionHelper",
    "neutralise_formula",
]
