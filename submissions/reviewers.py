"""Who reviews submissions: Wagtail's Moderators and Editors groups (the SCDC staff).

Used by data migrations, so it works on the historical models it is given. A new
kind of submission grants its own permissions with a migration such as:

    migrations.RunPython(lambda apps, _: grant_review_permissions(apps, "storysubmission"))

`top_level_collection` makes the image library collection that accepted submissions'
files go to (the "Stories" collection).
"""

_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

REVIEWER_GROUPS = ("Moderators", "Editors")
REVIEW_ACTIONS = ("view", "change")


def _permissions(apps, model_name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="submissions", model=model_name)
    return [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{model_name}",
            defaults={"name": f"Can {action} {model_name}"},
        )[0]
        for action in REVIEW_ACTIONS
    ]


def grant_review_permissions(apps, model_name: str):
    permissions = _permissions(apps, model_name)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=REVIEWER_GROUPS):
        group.permissions.add(*permissions)


def revoke_review_permissions(apps, model_name: str):
    permissions = _permissions(apps, model_name)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=REVIEWER_GROUPS):
        group.permissions.remove(*permissions)


def top_level_collection(apps, name: str):
    """The collection called `name` just under the root, created if missing."""
    Collection = apps.get_model("wagtailcore", "Collection")
    existing = Collection.objects.filter(name=name, depth=2).first()
    if existing is not None:
        return existing
    # Historical models have no treebeard methods: the new collection becomes the root's
    # last child by hand (a treebeard path is steps of four base-36 digits).
    root = Collection.objects.get(depth=1)
    last = Collection.objects.filter(depth=2, path__startswith=root.path).order_by("-path").first()
    number = int(last.path[-4:], 36) + 1 if last else 1
    step = ""
    while number:
        number, digit = divmod(number, 36)
        step = _BASE36[digit] + step
    collection = Collection.objects.create(name=name, path=root.path + step.rjust(4, "0"), depth=2, numchild=0)
    root.numchild += 1
    root.save(update_fields=["numchild"])
    return collection
