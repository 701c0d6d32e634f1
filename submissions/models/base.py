"""What every kind of submission shares: the record, its review status, and the
public form page that receives it.

A new kind of submission (a story, say) needs:

1. a model subclassing `Submission` with its own fields;
2. a form subclassing `SubmissionForm` (a ModelForm on that model);
3. a page subclassing `SubmissionFormPage` that names the form in `form_class`, with
   a template extending "submissions/form_page.html" and two email templates,
   "submissions/emails/<model>_to_submitter.txt" and "<model>_to_staff.txt". Records
   that belong to the submission (a story's photos) are stored by overriding
   `save_submission`, inside the same transaction;
4. an inbox subclassing `submissions.inbox.SubmissionInbox`, added to the Inbox
   menu group in submissions/wagtail_hooks.py (its review page uses
   "submissions/admin/inspect_<model>.html" if there is one);
5. a data migration giving the staff groups its review permissions with
   `submissions.reviewers.grant_review_permissions`.

The stories (models/stories.py) follow this recipe, with uploads: see there.

Deleting pages cannot lose it (submissions/protection.py finds every `Submission`
model), and its emails, spam checks and confirmation page come with the form page.
"""

import logging

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from core.models import BasePage
from submissions import spam
from submissions.emails import send_submission_emails

logger = logging.getLogger("submissions")

_REFERENCE_SALT = "submissions.thank-you"
# How long the thank-you page can show what was sent.
_REFERENCE_MAX_AGE = 24 * 60 * 60


class SubmissionStatus(models.TextChoices):
    NEW = "new", "New"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Submission(models.Model):
    """Something a network member sent through a public form, waiting for staff.

    It is never deleted by accepting or declining it, and it cannot be lost by
    deleting pages: the year and the form page it came through are protected while
    submissions point at them.
    """

    campaign_year = models.ForeignKey(
        "campaign.CampaignYearPage", on_delete=models.PROTECT, related_name="+", verbose_name="year"
    )
    form_page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.PROTECT, related_name="+", help_text="The form it was sent through."
    )
    status = models.CharField(
        max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.NEW, db_index=True
    )
    received_at = models.DateTimeField("received", default=timezone.now, db_index=True)
    contact_name = models.CharField("contact name", max_length=150)
    contact_email = models.EmailField("contact email")
    consent_to_publish = models.BooleanField(default=False)

    # The review.
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(blank=True, max_length=1000)
    # The page made from it when it was accepted (kept if that page is later deleted).
    created_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-received_at"]

    def inbox_url(self) -> str:
        """Its review page in the admin inbox."""
        return reverse(f"{self._meta.app_label}_{self._meta.model_name}_modeladmin_inspect", args=[self.pk])

    @property
    def is_new(self) -> bool:
        return self.status == SubmissionStatus.NEW

    def mark_accepted(self, page, user):
        self.status = SubmissionStatus.ACCEPTED
        self.created_page = page
        self.decided_at = timezone.now()
        self.decided_by = user
        self.save(update_fields=["status", "created_page", "decided_at", "decided_by"])

    def mark_declined(self, reason: str, user):
        self.status = SubmissionStatus.DECLINED
        self.decline_reason = reason
        self.decided_at = timezone.now()
        self.decided_by = user
        self.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])


def submission_models():
    """Every concrete kind of submission."""
    from django.apps import apps

    return [model for model in apps.get_models() if issubclass(model, Submission)]


class SubmissionFormPage(RoutablePageMixin, BasePage):
    """A public form under a year through which network members send something in.
    Open while the year is upcoming or happening; afterwards it says submissions for
    that year are closed and refuses posts."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul"])
    thank_you_text = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Shown after someone sends the form, under 'Thank you'.",
    )
    notify_email = models.EmailField(
        blank=True,
        help_text="Who is told about each new submission. Leave empty to use the contact email in the "
        "network settings.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("thank_you_text"),
        FieldPanel("notify_email"),
    ]

    parent_page_types = ["campaign.CampaignYearPage"]
    subpage_types = []
    max_count_per_parent = 1

    # Set by each kind of form page.
    form_class = None
    thank_you_template = "submissions/thank_you.html"

    class Meta:
        abstract = True

    # --- Open or closed ---------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        year = self.campaign_year
        return year is not None and year.accepts_submissions()

    @property
    def closed_message(self) -> str:
        year = self.campaign_year
        return f"Submissions for {year.year} are closed." if year else "Submissions are closed."

    # --- The form ---------------------------------------------------------------------
    def get_form(self, data=None, files=None):
        return self.form_class(data, files, year=self.campaign_year)

    def build_submission(self, form):
        """The submission from a valid form, not yet saved."""
        submission = form.save(commit=False)
        submission.form_page = self
        submission.campaign_year = self.campaign_year
        return submission

    def save_submission(self, submission, form):
        """Store the submission and everything that belongs to it (called in one
        transaction: all of it is stored, or none)."""
        submission.save()
        form.save_m2m()

    def rate_limit(self) -> spam.RateLimit:
        return spam.RateLimit.for_submissions(self._meta.label_lower)

    def _render(self, request, form=None, status=200):
        response = self.render(request, context_overrides={"form": form, "closed": not self.is_open})
        response.status_code = status
        # Each form carries its own CSRF token and timestamp: never cached.
        add_never_cache_headers(response)
        return response

    @path("")
    def form_view(self, request):
        if request.method != "POST":
            return self._render(request, self.get_form() if self.is_open else None)
        if not self.is_open:
            return self._render(request, status=403)
        form = self.get_form(request.POST, request.FILES)
        own_url = self.get_url(request)
        reason = form.spam_check()
        if reason == spam.STALE:
            logger.info("Showed %s again: it had been open too long.", self.url_path)
            form = self.get_form(spam.with_new_timestamp(request.POST), request.FILES)
            form.add_error(None, spam.STALE_MESSAGE)
            return self._render(request, form)
        if reason:
            return spam.refuse(request, reason, where=self.url_path, back_url=own_url, form_title=self.get_html_title())
        if not form.is_valid():
            return self._render(request, form)
        if not self.rate_limit().hit(request):
            return spam.refuse(
                request, spam.RATE_LIMITED, where=self.url_path, back_url=own_url, form_title=self.get_html_title()
            )
        submission = self.build_submission(form)
        # Stored and committed before anything else happens, so nothing that goes wrong
        # afterwards, such as email, can lose it. (The site runs in autocommit; were
        # ATOMIC_REQUESTS ever turned on, the emails should move to on_commit.)
        with transaction.atomic():
            self.save_submission(submission, form)
        logger.info("Stored %s %s from %s.", submission._meta.verbose_name, submission.pk, self.url_path)
        send_submission_emails(submission, self, request)
        reference = signing.TimestampSigner(salt=_REFERENCE_SALT).sign(str(submission.pk))
        return redirect(own_url + self.reverse_subpage("thank_you") + f"?ref={reference}")

    @path("thank-you/")
    def thank_you(self, request):
        submission = None
        try:
            pk = signing.TimestampSigner(salt=_REFERENCE_SALT).unsign(
                request.GET.get("ref", ""), max_age=_REFERENCE_MAX_AGE
            )
            submission = self.form_class._meta.model.objects.filter(pk=int(pk), form_page=self).first()
        except (signing.BadSignature, ValueError):
            pass
        response = self.render(request, template=self.thank_you_template, context_overrides={"submission": submission})
        add_never_cache_headers(response)
        return response
