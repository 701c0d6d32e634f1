"""The accessibility, HTML, reflow and no-JavaScript gates check one page of every page
type: this fails when a page type has no page for them to check, so a new type cannot
slip past them unseen."""

from wagtail.models import Page, get_page_models

from tests.public_pages import EXTRA_PAGES, demo_pages, form_page_models, tree_pages


def test_the_gates_check_a_page_of_every_page_type(demo):
    covered = {type(page) for page in Page.objects.live().public().filter(depth__gt=1).specific()}
    covered |= set(form_page_models())  # built in an open year by the gates themselves
    missing = [model._meta.label for model in get_page_models() if model is not Page and model not in covered]
    assert not missing, (
        f"No page of {missing} for the gates to check: add one to the demo (core/demo/content.py and builder.py); "
        "tests/public_pages.py then finds it."
    )


def test_the_list_holds_each_page_once_with_the_fixed_pages_the_issue_names(demo):
    pages = demo_pages()
    assert len({(item.path, item.state) for item in pages}) == len(pages)
    assert set(EXTRA_PAGES) <= set(pages)
    kinds = {item.name.split(":")[0] for item in tree_pages()}
    assert {
        "home page",
        "campaign year (full year)",
        "campaign year (announcement)",
        "programme day",
        "event (event)",
        "event (twitter-chat)",
        "event (film)",
        "event (networking)",
        "calendar",
        "blog index",
        "blog post",
        "resources page",
        "standard page",
    } <= kinds, kinds
