"""Extend the editorial roles to sections created after the data migration ran: a new
year's blog index and days get the same permissions and workflow as last year's."""

import logging

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_save

from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

from editorial.roles import EDITORIAL_REVIEW_WORKFLOW, REVIEWED_SECTIONS, SECTION_PERMISSIONS

logger = logging.getLogger(__name__)


def grant_section_permissions(page, model_label: str):
    grants = SECTION_PERMISSIONS.get(model_label, {})
    groups = Group.objects.in_bulk(list(grants), field_name="name")
    for group_name, actions in grants.items():
        group = groups.get(group_name)
        if group is None:
            logger.warning("Group %r is missing: %s gets no permissions for it.", group_name, page)
            continue
        for action in actions:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page")
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def assign_review_workflow(page):
    workflow = Workflow.objects.filter(name=EDITORIAL_REVIEW_WORKFLOW, active=True).first()
    if workflow is None:
        logger.warning("Workflow %r is missing: %s is not reviewed.", EDITORIAL_REVIEW_WORKFLOW, page)
        return
    WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})


def set_up_section(page, model_label: str):
    grant_section_permissions(page, model_label)
    if model_label in REVIEWED_SECTIONS:
        assign_review_workflow(page)


def on_section_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        set_up_section(instance, sender._meta.label)


def connect():
    for label in {*SECTION_PERMISSIONS, *REVIEWED_SECTIONS}:
        post_save.connect(on_section_created, sender=apps.get_model(label), dispatch_uid=f"editorial_section_{label}")
