"""The editorial roles, so every database has them (README: "Editorial roles and review").

Wagtail's own migrations create "Editors" and "Moderators" with some permissions; this
adapts them and adds "Guest bloggers", the "Guest uploads" collection and the
"Editorial review" workflow, and extends them to every blog index and programme day that
already exists. Sections created later get the same from editorial/signal_handlers.py.

Idempotent: run again, it changes nothing. Permissions and content types are created here
if missing, because Django only creates them after all migrations have run.
"""

from django.db import migrations

EDITORS, MODERATORS, GUEST_BLOGGERS = "Editors", "Moderators", "Guest bloggers"

# Django model permissions: (app_label, model, codename).
MODEL_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "admin", "access_admin"),
        *[("core", model, f"{action}_{model}") for model in ("person", "organisation") for action in ("add", "change", "delete", "view")],
        ("core", "sitesettings", "change_sitesettings"),
        *[("wagtailredirects", "redirect", f"{action}_redirect") for action in ("add", "change", "delete")],
        *[("editorial", "previewlink", f"{action}_previewlink") for action in ("add", "change", "view")],
    ],
    MODERATORS: [
        ("wagtailadmin", "admin", "access_admin"),
        # To choose a post's authors; People are edited by Editors.
        ("core", "person", "view_person"),
        ("core", "organisation", "view_organisation"),
        *[("editorial", "previewlink", f"{action}_previewlink") for action in ("add", "change", "view")],
    ],
    GUEST_BLOGGERS: [("wagtailadmin", "admin", "access_admin")],
}

# Page permissions on the root of the tree. Moderators lose Wagtail's default root
# permissions: they work in blog indexes and programme days (SECTION_PERMISSIONS).
ROOT_PAGE_PERMISSIONS = {EDITORS: ("add", "change", "publish", "lock", "unlock"), MODERATORS: ()}

SECTION_PERMISSIONS = {
    ("blog", "blogindexpage"): {
        GUEST_BLOGGERS: ("add",),
        MODERATORS: ("add", "change", "publish", "lock", "unlock"),
    },
    ("campaign", "programmedaypage"): {MODERATORS: ("change", "publish", "lock", "unlock")},
}

# Collection permissions: (collection name or None for the root, app_label, codename).
COLLECTION_PERMISSIONS = {
    EDITORS: [
        *[(None, "wagtailimages", f"{action}_image") for action in ("add", "change", "choose", "delete")],
        *[(None, "wagtaildocs", f"{action}_document") for action in ("add", "change", "choose", "delete")],
    ],
    GUEST_BLOGGERS: [("Guest uploads", "wagtailimages", "add_image"), ("Guest uploads", "wagtailimages", "choose_image")],
}


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": f"Can {codename.replace('_', ' ')}"}
    )
    return perm


def page_permission(apps, action):
    return permission(apps, "wagtailcore", "page", f"{action}_page")


def guest_uploads_collection(apps):
    Collection = apps.get_model("wagtailcore", "Collection")
    existing = Collection.objects.filter(name="Guest uploads", depth=2).first()
    if existing is not None:
        return existing
    # Historical models have no treebeard methods: place the child by hand, as the last
    # child of the root (paths are steps of 4 base-36 digits).
    root = Collection.objects.get(depth=1)
    last = Collection.objects.filter(depth=2, path__startswith=root.path).order_by("-path").first()
    number = int(last.path[-4:], 36) + 1 if last else 1
    step = ""
    while number:
        number, digit = divmod(number, 36)
        step = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[digit] + step
    collection = Collection.objects.create(name="Guest uploads", path=root.path + step.rjust(4, "0"), depth=2, numchild=0)
    root.numchild += 1
    root.save(update_fields=["numchild"])
    return collection


def review_workflow(apps, reviewers):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    workflow, created = Workflow.objects.get_or_create(name="Editorial review", defaults={"active": True})
    if created:
        task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name="Moderator review", content_type=task_type, active=True)
        task.groups.set(reviewers)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (EDITORS, MODERATORS, GUEST_BLOGGERS)}
    for name, perms in MODEL_PERMISSIONS.items():
        groups[name].permissions.add(*[permission(apps, *perm) for perm in perms])

    root_page = Page.objects.get(depth=1)
    for name, actions in ROOT_PAGE_PERMISSIONS.items():
        GroupPagePermission.objects.filter(group=groups[name], page=root_page).exclude(
            permission__codename__in=[f"{action}_page" for action in actions]
        ).delete()
        for action in actions:
            GroupPagePermission.objects.get_or_create(
                group=groups[name], page=root_page, permission=page_permission(apps, action)
            )

    collections = {None: Collection.objects.get(depth=1), "Guest uploads": guest_uploads_collection(apps)}
    for name, perms in COLLECTION_PERMISSIONS.items():
        for collection_name, app_label, codename in perms:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[name],
                collection=collections[collection_name],
                permission=permission(apps, app_label, codename.split("_", 1)[1], codename),
            )

    workflow = review_workflow(apps, [groups[MODERATORS], groups[EDITORS]])
    for (app_label, model), grants in SECTION_PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for section in Page.objects.filter(content_type=content_type):
            for name, actions in grants.items():
                for action in actions:
                    GroupPagePermission.objects.get_or_create(
                        group=groups[name], page=section, permission=page_permission(apps, action)
                    )
            if model == "blogindexpage":
                WorkflowPage.objects.get_or_create(page=section, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("core", "0001_initial"),
        ("blog", "0002_social_image"),
        ("campaign", "0002_social_image"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
