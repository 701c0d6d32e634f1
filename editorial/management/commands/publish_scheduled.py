"""`publish_scheduled`, run every minute from cron: Wagtail's command, made safe to run
twice at once and to meet a broken revision.

- Each scheduled revision (and each page due to expire) is handled in a transaction of
  its own that first locks its row, skipping it if another run holds it, and checks it
  is still due. So two runs that overlap (a slow minute, a second cron host) publish
  each revision once, with one entry in the audit log. The lock is PostgreSQL's; on
  SQLite, where writes take turns anyway, it is a no-op.
- A revision that cannot be published (its content no longer loads, say) is logged
  with its id and skipped, and the others are still published; the command then exits
  with an error naming what it skipped, so cron reports it.

`--dryrun` is Wagtail's own.
"""

import logging

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import DraftStateMixin, Page, Revision

logger = logging.getLogger("editorial.scheduling")


class Command(WagtailCommand):
    help = "Publish revisions whose go-live time has come and unpublish what has expired."

    def handle(self, *args, **options):
        if options["dryrun"]:
            return super().handle(*args, **options)
        now = timezone.now()
        failures = []
        for model in self.draft_state_models():
            due = model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at")
            for pk in list(due.values_list("pk", flat=True)):
                if not self.run_once(self.unpublish_expired, model, pk, now):
                    failures.append(f"unpublishing {model._meta.verbose_name} {pk}")
        due = Revision.objects.filter(approved_go_live_at__lt=now).order_by("approved_go_live_at")
        for pk in list(due.values_list("pk", flat=True)):
            if not self.run_once(self.publish_revision, pk, now):
                failures.append(f"revision {pk}")
        if failures:
            raise CommandError(f"Could not do {len(failures)} scheduled change(s): {', '.join(failures)}. See the log.")

    @staticmethod
    def draft_state_models():
        from django.apps import apps

        return [Page] + [m for m in apps.get_models() if issubclass(m, DraftStateMixin) and not issubclass(m, Page)]

    @staticmethod
    def run_once(change, *args) -> bool:
        try:
            with transaction.atomic():
                change(*args)
        except Exception:
            logger.exception("A scheduled change failed; the others go ahead.")
            return False
        return True

    @staticmethod
    def publish_revision(pk, now):
        revision = (
            Revision.objects.select_for_update(skip_locked=True).filter(pk=pk, approved_go_live_at__lt=now).first()
        )
        if revision is not None:  # else another run has it, or has done it
            revision.publish(log_action="wagtail.publish.scheduled")

    @staticmethod
    def unpublish_expired(model, pk, now):
        obj = model.objects.select_for_update(skip_locked=True).filter(pk=pk, live=True, expire_at__lt=now).first()
        if obj is not None:
            obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
