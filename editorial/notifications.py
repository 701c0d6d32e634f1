"""Emails about the review workflow, built on Wagtail's own notifiers (wagtail.admin.mail).

Two changes to Wagtail's behaviour:

- Every notifier sends only after the transaction that changed the workflow has been
  committed, and a failure to send is logged, never raised. Wagtail sends from inside the
  transaction, so a mail server that refuses a login would roll back the submission or the
  decision itself.
- The authors hear of every decision: Wagtail tells only whoever submitted, only about the
  workflow's final approval or a rejection, and leaves out the reviewer's comment on an
  approval. Here the submitter, the page's owner and every credited author with an account
  are told about each step's approval (with its comment) and about a rejection.

Comments made in the page editor reach the authors through Wagtail's page subscriptions:
whoever creates a page is subscribed to its comment notifications.
"""

import logging
from functools import partial

from django.apps import apps
from django.db import transaction

from wagtail.admin import mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_approved, task_submitted, workflow_approved, workflow_rejected, workflow_submitted

logger = logging.getLogger(__name__)


def authors_of(workflow_state: WorkflowState, triggering_user=None) -> set:
    """Whoever submitted, the owner, and the credited authors who have an account."""
    content = workflow_state.content_object
    people = {workflow_state.requested_by, getattr(content, "owner", None)}
    Person = apps.get_model("core", "Person")
    people.update(person.user for person in Person.objects.filter(blog_posts__page_id=content.pk, user__isnull=False))
    people.discard(None)
    people.discard(triggering_user)
    return people


class AfterCommitMixin:
    """Work out recipients and context now, send once the transaction has committed."""

    def __call__(self, instance=None, **kwargs):
        if not self.can_handle(instance, **kwargs):
            return False
        recipients = self.get_valid_recipients(instance, **kwargs)
        if not recipients:
            return True
        template_set = self.get_template_set(instance, **kwargs)
        context = self.get_context(instance, **kwargs)
        transaction.on_commit(partial(self.send_logging_failures, template_set, context, recipients))
        return True

    def send_logging_failures(self, template_set, context, recipients):
        try:
            self.send_notifications(template_set, context, recipients)
        except Exception:
            logger.exception("Could not send the %r notification to %d people.", self.notification, len(recipients))


class ReviewersNotifier(AfterCommitMixin, mail.GroupApprovalTaskStateSubmissionEmailNotifier):
    """Tells a task's reviewers (the Moderators) that something awaits them."""


class SuperusersNotifier(AfterCommitMixin, mail.WorkflowStateSubmissionEmailNotifier):
    """Wagtail's note to superusers of every submission (off unless
    WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS is on)."""


class ApprovalNotifier(AfterCommitMixin, mail.WorkflowStateApprovalEmailNotifier):
    template_directory = "editorial/notifications/"

    def get_recipient_users(self, workflow_state, **kwargs):
        return authors_of(workflow_state, kwargs.get("user"))

    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        task_state = workflow_state.current_task_state
        context["task_state"] = task_state
        context["comment"] = task_state.specific.get_comment() if task_state else ""
        if "page" in context:
            # Fetched again: it has just been published (or scheduled) from its latest revision.
            page = context["page"]
            context["page"] = type(page).objects.get(pk=page.pk)
        return context


class RejectionNotifier(AfterCommitMixin, mail.WorkflowStateRejectionEmailNotifier):
    def get_recipient_users(self, workflow_state, **kwargs):
        return authors_of(workflow_state, kwargs.get("user"))


class StepApprovalNotifier(AfterCommitMixin, mail.BaseGroupApprovalTaskStateEmailNotifier):
    """A step approved while later steps remain (the last step's approval is the
    workflow's, and has its own email)."""

    notification = "approved"
    template_directory = "editorial/notifications/"

    def can_handle(self, instance, **kwargs):
        return (
            super().can_handle(instance, **kwargs)
            and instance.workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
        )

    def get_recipient_users(self, task_state, **kwargs):
        return authors_of(task_state.workflow_state, kwargs.get("user"))

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        context["comment"] = task_state.get_comment()
        return context


# Same dispatch_uid as Wagtail's own receivers (wagtail/admin/signal_handlers.py): ours
# are connected first, because this app comes before wagtail.admin in INSTALLED_APPS, and
# Django then ignores Wagtail's. Disconnecting as well covers the other order.
RECEIVERS = [
    (task_submitted, TaskState, ReviewersNotifier(), "group_approval_task_submitted_email_notification"),
    (workflow_submitted, WorkflowState, SuperusersNotifier(), "workflow_state_submitted_email_notification"),
    (workflow_rejected, WorkflowState, RejectionNotifier(), "workflow_state_rejected_email_notification"),
    (workflow_approved, WorkflowState, ApprovalNotifier(), "workflow_state_approved_email_notification"),
    (task_approved, TaskState, StepApprovalNotifier(), "editorial_task_state_approved_email_notification"),
]


def connect():
    for signal, sender, receiver, dispatch_uid in RECEIVERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(receiver, sender=sender, dispatch_uid=dispatch_uid)
