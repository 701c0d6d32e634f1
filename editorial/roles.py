"""The editorial roles: group names, and what each group may do in each section of the tree.

The groups themselves, their site-wide permissions, the "Guest uploads" collection and the
"Editorial review" workflow are created by the data migration `0002_editorial_roles`. What
is here is what the running site needs to extend those roles to sections created later.
"""

EDITORS = "Editors"
MODERATORS = "Moderators"
GUEST_BLOGGERS = "Guest bloggers"

GUEST_UPLOADS_COLLECTION = "Guest uploads"
EDITORIAL_REVIEW_WORKFLOW = "Editorial review"

# Page permissions granted on every page of these types as soon as it is created, so a
# new year's blog and days work like last year's without anyone editing groups. Editors
# need nothing here: they hold their permissions on the root of the tree.
SECTION_PERMISSIONS = {
    "blog.BlogIndexPage": {
        # "add" alone lets a guest blogger create posts and edit the ones they own.
        GUEST_BLOGGERS: ("add",),
        MODERATORS: ("add", "change", "publish", "lock", "unlock"),
    },
    "campaign.ProgrammeDayPage": {
        # Events live under days. Moderators add them too: accepting an event a member
        # submitted makes a draft event page under its day.
        MODERATORS: ("add", "change", "publish", "lock", "unlock"),
    },
}

# Sections whose pages go through the "Editorial review" workflow.
REVIEWED_SECTIONS = ("blog.BlogIndexPage",)
