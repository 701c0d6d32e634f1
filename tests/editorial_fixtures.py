"""People in each editorial role, and blog posts owned by them, for the editorial tests."""

import pytest

from django.test import TestCase

from blog.models import BlogIndexPage
from editorial.roles import EDITORS, GUEST_BLOGGERS, MODERATORS
from tests.factories import BlogPostPageFactory, PersonFactory, UserFactory


def guest_blogger(username):
    user = UserFactory(username=username, groups=[GUEST_BLOGGERS])
    PersonFactory(name=f"{username.capitalize()} Writer", user=user)
    return user


# Each signed-in editorial role the tests use, made as the `guest_a`… fixtures make them.
MAKE_ROLE = {
    "guest_a": lambda: guest_blogger("guesta"),
    "guest_b": lambda: guest_blogger("guestb"),
    "moderator": lambda: UserFactory(username="moderator", groups=[MODERATORS]),
    "editor": lambda: UserFactory(username="editor", groups=[EDITORS]),
}


@pytest.fixture
def guest_a(db):
    return MAKE_ROLE["guest_a"]()


@pytest.fixture
def guest_b(db):
    return MAKE_ROLE["guest_b"]()


@pytest.fixture
def moderator(db):
    return MAKE_ROLE["moderator"]()


@pytest.fixture
def editor(db):
    return MAKE_ROLE["editor"]()


def blog_of_2017():
    return BlogIndexPage.objects.get(url_path="/home/2017/blog/")


@pytest.fixture
def blog_index(demo):
    return blog_of_2017()


def draft_post(blog_index, owner, **fields):
    """A post never published, with one saved revision, as the editor leaves it."""
    post = BlogPostPageFactory(parent=blog_index, owner=owner, live=False, **fields)
    post.save_revision(user=owner)
    return post


@pytest.fixture
def draft_of_a(blog_index, guest_a):
    return draft_post(blog_index, guest_a, title="A's draft about power")


@pytest.fixture
def draft_of_b(blog_index, guest_b):
    return draft_post(blog_index, guest_b, title="B's secret draft")


def committed():
    """Run what waits for the transaction to commit (emails are sent then), as a real
    commit would; each test's transaction is otherwise rolled back, never committed."""
    return TestCase.captureOnCommitCallbacks(execute=True)
