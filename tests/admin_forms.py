"""POST data for the Wagtail page editor, built with Wagtail's own test helpers so the
tests drive the same form an editor submits."""

from django.urls import reverse
from django.utils.text import slugify

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def add_page_url(model, parent) -> str:
    return reverse("wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk))


def edit_page_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def page_form(fields: dict, formsets=(), streams=(), rich=()) -> dict:
    """Fields as the editor sends them; empty inline formsets, stream fields and rich
    text fields are filled in for the names given."""
    data = {"slug": "", "seo_title": "", "search_description": "", "comments": inline_formset([])}
    data.update({name: inline_formset([]) for name in formsets})
    data.update({name: streamfield([]) for name in streams})
    data.update({name: rich_text("") for name in rich})
    for name, value in fields.items():
        data[name] = value
    if not data["slug"]:
        # The editor's script fills the slug from the title as they type.
        data["slug"] = slugify(data.get("title", ""))
    return nested_form_data(data)


def year_form(**fields) -> dict:
    defaults = {
        "title": "Co-production Week Scotland 2031",
        "year": "2031",
        "strapline": "",
        "theme": "",
        "summary": "",
        "start_date": "2031-11-17",
        "end_date": "2031-11-23",
        "hashtag": "#CoProWeekScot",
    }
    return page_form(
        {**defaults, **fields},
        formsets=["key_questions", "team_members"],
        streams=["body", "recap", "social_accounts"],
        rich=["intro", "announcement"],
    )


def day_form(**fields) -> dict:
    return page_form({"title": "A day", **fields}, streams=["recap"])


def event_form(**fields) -> dict:
    defaults = {
        "title": "A gathering",
        "kind": "event",
        "start_time": "",
        "end_time": "",
        "attendance_mode": "in-person",
        "venue": "",
        "town": "",
        "council_area": "",
        "online_link": "",
        "booking_link": "",
        "hashtag": "",
        "question": "",
        "image": "",
    }
    return page_form({**defaults, **fields}, formsets=["hosts"], streams=["recap"], rich=["description"])


def post_form(author_ids=(), **fields) -> dict:
    """A blog post as the page editor sends it; `author_ids` are Person ids of new
    authors (the authors panel is only in the form for staff)."""
    defaults = {
        "title": "A post about power",
        "release_date": "2017-11-28",
        "summary": "Why sharing power matters.",
        "feature_image": "",
        "social_image": "",
        "tags": "",
        "comment_notifications": "on",
    }
    if author_ids:
        defaults["authors"] = inline_formset([{"person": pk} for pk in author_ids])
    return page_form({**defaults, **fields}, streams=["body"])


def existing_authors(page):
    """The authors panel of a post that already has authors, unchanged."""
    authors = list(page.authors.all())
    return inline_formset([{"id": a.pk, "person": a.person_id} for a in authors], initial=len(authors))


def comment_on(field, text):
    """A new comment on a field, as the editor's comments panel sends it."""
    return inline_formset(
        [{"id": "", "contentpath": field, "text": text, "position": "", "resolved": "", "replies": inline_formset([])}]
    )
