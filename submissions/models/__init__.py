from .base import Submission, SubmissionFormPage, SubmissionStatus, submission_models
from .events import AddEventFormPage, EventSubmission
from .stories import ShareStoryFormPage, StoryPhoto, StorySubmission

__all__ = [
    "AddEventFormPage",
    "EventSubmission",
    "ShareStoryFormPage",
    "StoryPhoto",
    "StorySubmission",
    "Submission",
    "SubmissionFormPage",
    "SubmissionStatus",
    "submission_models",
]
