"""Emails about a new submission: a copy to the person who sent it and a note to staff.

Sent only after the submission is stored. A failure to send is logged and never
raised: the submission is safe in the inbox whatever the mail server does.

Each kind of submission has two templates, named after its model:
"submissions/emails/<model>_to_submitter.txt" and "<model>_to_staff.txt". The first
line of each is the subject.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from core.models import SiteSettings

logger = logging.getLogger("submissions.emails")


def staff_address(form_page, request) -> str:
    """The form page's own address, else the network's contact email, else the
    SUBMISSIONS_STAFF_EMAIL setting."""
    if form_page.notify_email:
        return form_page.notify_email
    contact = SiteSettings.for_request(request).contact_email
    return contact or getattr(settings, "SUBMISSIONS_STAFF_EMAIL", "")


def _send(template: str, context: dict, recipient: str, what: str) -> bool:
    try:
        subject, _, body = render_to_string(template, context).partition("\n")
        # A subject is one line, whatever was typed into the form.
        send_mail(" ".join(subject.split()), body.lstrip("\n"), None, [recipient])
    except Exception:
        logger.exception("Could not send the %s email about %s.", what, context["submission"])
        return False
    return True


def send_submission_emails(submission, form_page, request) -> None:
    name = submission._meta.model_name
    context = {
        "submission": submission,
        "page": form_page,
        "year": submission.campaign_year,
        "page_url": form_page.get_full_url(request),
        "inbox_url": settings.WAGTAILADMIN_BASE_URL + submission.inbox_url(),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    _send(f"submissions/emails/{name}_to_submitter.txt", context, submission.contact_email, "confirmation")
    staff = staff_address(form_page, request)
    if staff:
        _send(f"submissions/emails/{name}_to_staff.txt", context, staff, "staff")
    else:
        logger.warning(
            "No staff address for %s: set the network's contact email or SUBMISSIONS_STAFF_EMAIL.", form_page.url_path
        )
