"""Shared preview links: a moderator shares the latest draft of a post with someone who has
no account; the link shows it read-only until it expires or is revoked."""

import datetime
import re

import pytest

from django.urls import reverse
from django.utils import timezone

from blog.models import BlogPostPage
from campaign.models import CampaignYearPage
from editorial.models import PreviewLink
from tests.editorial_fixtures import draft_post


def create_link(client, user, page, shared_with="The Alliance comms team", lifetime="7"):
    client.force_login(user)
    data = {"page": page.pk, "shared_with": shared_with, "lifetime": lifetime}
    return client.post(reverse("preview_links:add"), data)


def link_address(response) -> str:
    match = re.search(r'value="(http://testserver/preview/[^"]+/)"', response.content.decode())
    assert match, "the new link is shown once"
    return match.group(1).removeprefix("http://testserver")


@pytest.fixture
def shared(client, moderator, draft_of_a):
    """A week-long link to guest A's draft, and its address."""
    response = create_link(client, moderator, draft_of_a)
    assert response.status_code == 200
    client.logout()
    return PreviewLink.objects.get(page=draft_of_a), link_address(response)


def test_the_link_shows_the_latest_draft_read_only(client, shared, draft_of_a, moderator):
    link, address = shared
    assert link.created_by == moderator
    assert link.expires_at - timezone.now() > datetime.timedelta(days=6)
    assert address.split("/")[2] not in link.token_hash, "only a hash of the secret is stored"

    # A later revision is what the link shows.
    draft_of_a.title = "A's draft, revised"
    draft_of_a.save_revision(user=draft_of_a.owner)
    response = client.get(address)

    html = response.content.decode()
    assert response.status_code == 200
    assert "A&#x27;s draft, revised" in html
    assert "Draft preview" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert client.get(draft_of_a.url).status_code == 404, "the draft itself stays private"
    assert client.post(address).status_code == 405, "nothing can be changed through it"


def test_no_admin_chrome_even_for_someone_signed_in(client, shared, moderator):
    link, address = shared
    client.force_login(moderator)
    html = client.get(address).content.decode()
    assert "wagtail-userbar" not in html
    assert "/admin/" not in html


def test_a_revoked_link_stops_working(client, shared, moderator):
    link, address = shared
    client.force_login(moderator)
    assert "Revoke" in client.get(reverse("preview_links:index")).content.decode()
    confirm = client.get(reverse("preview_links:revoke", args=[link.pk])).content.decode()
    assert "It stops working at once" in confirm
    assert client.get(reverse("preview_links:edit", args=[link.pk])).status_code == 200
    response = client.post(reverse("preview_links:revoke", args=[link.pk]))

    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_by == moderator
    client.logout()
    response = client.get(address)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert "A&#x27;s draft" not in response.content.decode()


def test_an_expired_link_stops_working(client, shared):
    link, address = shared
    PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(address)
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_an_unknown_link_is_not_found(client, db):
    assert client.get("/preview/not-a-real-token/").status_code == 404


def test_the_page_header_offers_a_link_to_staff_only(client, moderator, guest_a, draft_of_a):
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft_of_a.pk])
    client.force_login(moderator)
    assert "Share a preview link" in client.get(edit_url).content.decode()
    form = client.get(reverse("preview_links:add") + f"?page={draft_of_a.pk}").content.decode()
    assert "A&#x27;s draft about power" in form, "the form starts with the page chosen"
    client.force_login(guest_a)
    assert "Share a preview link" not in client.get(edit_url).content.decode()


def test_guest_bloggers_cannot_create_links(client, guest_a, draft_of_a):
    response = create_link(client, guest_a, draft_of_a)
    assert response.status_code == 302
    assert not PreviewLink.objects.exists()


def test_a_moderator_only_shares_pages_they_may_review(client, moderator, demo):
    year = CampaignYearPage.objects.get(year=2017)
    response = create_link(client, moderator, year)
    assert "You can only share a preview of a page you may edit or review." in response.content.decode()
    assert not PreviewLink.objects.exists()


def test_a_reviewer_can_share_a_post_in_review(client, moderator, guest_a, blog_index):
    post = draft_post(blog_index, guest_a, title="In review")
    post.get_workflow().start(post, guest_a)
    response = create_link(client, moderator, BlogPostPage.objects.get(pk=post.pk), lifetime="1")
    client.logout()
    assert client.get(link_address(response)).status_code == 200
