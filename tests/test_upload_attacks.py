"""Hostile image files (tests/attack_files.py) against every way a picture gets in: the
admin's image form, its multiple-upload view, and the public 'Share your story' form.
Each is refused with a message naming the file and the reason, and nothing is kept: no
Image, no story, no file on disk."""

import html
import io
import json
import resource

import pytest
from PIL import Image as PILImage

from django.core.exceptions import ValidationError

from wagtail.images import get_image_model
from wagtail.models import Collection

from core.uploads import check_image
from submissions.models import StoryPhoto, StorySubmission
from tests.attack_files import ATTACKS, BOMB_SIDE, as_file, decompression_bomb
from tests.responses import text
from tests.submission_fixtures import image_bytes, jpeg, stored_files, story_data, upload

Image = get_image_model()


def admin_add(client, attack):
    return client.post(
        "/admin/images/add/",
        {"title": "An attack", "file": attack.upload(), "collection": Collection.get_first_root_node().pk},
    )


def admin_add_multiple(client, attack):
    return client.post(
        "/admin/images/multiple/add/",
        {"files[]": attack.upload(), "collection": Collection.get_first_root_node().pk},
    )


def nothing_kept(images_before: int):
    assert Image.objects.count() == images_before, "no Image was created"
    assert stored_files() == [], "no file was written"


@pytest.fixture
def images_before(db):
    return Image.objects.count()


# --- The check on its own ---------------------------------------------------------------
@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_the_check_refuses_each_attack_naming_the_file(attack):
    with pytest.raises(ValidationError) as caught:
        check_image(as_file(attack))
    assert caught.value.messages[0].startswith(attack.full_message)


def test_the_bomb_really_is_one(monkeypatch):
    """Small on disk, 900 megapixels by its header, and whole: a test of its refusal would
    prove nothing if the file were merely broken."""
    assert len(decompression_bomb()) < 1024 * 1024
    monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", None)  # only the header is read
    with PILImage.open(io.BytesIO(decompression_bomb())) as opened:
        assert opened.size == (BOMB_SIDE, BOMB_SIDE)
    small = upload("small.png", decompression_bomb(64), "image/png")
    assert check_image(small).width == 64, "the same construction makes a good image at a small size"


def test_a_picture_without_markup_is_not_mistaken_for_a_polyglot():
    noisy = upload("noise.png", image_bytes("PNG", (600, 600), noise=True), "image/png")
    assert check_image(noisy).format == "PNG"


def test_the_limits_and_the_extension_list_are_set_deliberately(settings):
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert sorted(settings.WAGTAILIMAGES_EXTENSIONS) == ["gif", "jpeg", "jpg", "png", "webp"]
    assert settings.WAGTAILIMAGES_IMAGE_FORM_BASE == "core.images.CheckedImageForm"


# --- The admin --------------------------------------------------------------------------
@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_the_admin_add_view_refuses_each_attack(admin_client, images_before, attack):
    response = admin_add(admin_client, attack)
    assert response.status_code == 200
    assert attack.full_message in text(response)
    nothing_kept(images_before)


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_the_admin_multiple_upload_refuses_each_attack(admin_client, images_before, attack):
    response = admin_add_multiple(admin_client, attack)
    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["success"] is False
    assert answer["error_message"].startswith(attack.full_message)
    nothing_kept(images_before)
    from wagtail.models import UploadedFile

    assert not UploadedFile.objects.exists()


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_the_image_choosers_upload_refuses_each_attack(admin_client, images_before, attack):
    """The upload tab of the image chooser, in the page editor."""
    response = admin_client.post(
        "/admin/images/chooser/create/",
        {
            "image-chooser-upload-title": "An attack",
            "image-chooser-upload-file": attack.upload(),
            "image-chooser-upload-collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    assert attack.full_message in html.unescape(json.loads(response.content)["htmlFragment"])
    nothing_kept(images_before)


def test_the_bomb_is_refused_without_decoding_it(admin_client, images_before):
    """Decoded, the bomb would take 900 MB (a byte a pixel): the process's peak memory
    must not move by anything like that."""
    decompression_bomb()  # made before measuring
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    admin_add(admin_client, ATTACKS["a 30,000 × 30,000 decompression bomb"])
    admin_add_multiple(admin_client, ATTACKS["a 30,000 × 30,000 decompression bomb"])
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert grown_mib < 200
    nothing_kept(images_before)


def test_a_good_image_still_goes_in_through_both_views(admin_client, images_before):
    root = Collection.get_first_root_node().pk
    response = admin_client.post("/admin/images/add/", {"title": "Fine", "file": jpeg("fine.jpg"), "collection": root})
    assert response.status_code == 302
    response = admin_client.post("/admin/images/multiple/add/", {"files[]": jpeg("also.jpeg"), "collection": root})
    assert json.loads(response.content)["success"] is True
    assert Image.objects.count() == images_before + 2


def test_replacing_an_image_file_is_checked_too(admin_client, images_before):
    root = Collection.get_first_root_node().pk
    admin_client.post("/admin/images/add/", {"title": "Fine", "file": jpeg("fine.jpg"), "collection": root})
    image = Image.objects.latest("pk")
    original = image.file.name
    attack = ATTACKS["an HTML/PNG polyglot"]
    response = admin_client.post(
        f"/admin/images/{image.pk}/", {"title": "Fine", "file": attack.upload(), "collection": root}
    )
    assert attack.full_message in text(response)
    image.refresh_from_db()
    assert image.file.name == original


# --- The public story form --------------------------------------------------------------
def send_story(client, story_form, photo):
    return client.post(story_form.url, story_data(photo_1=photo, caption_1="A photo."), REMOTE_ADDR="203.0.113.7")


PUBLIC_FORM_ATTACKS = ATTACKS


@pytest.mark.parametrize("attack", PUBLIC_FORM_ATTACKS.values(), ids=PUBLIC_FORM_ATTACKS.keys())
def test_the_story_form_refuses_each_attack(client, story_form, attack):
    response = send_story(client, story_form, attack.upload())
    assert response.status_code == 200
    assert attack.full_message in text(response)
    assert not StorySubmission.objects.exists()
    assert not StoryPhoto.objects.exists()
    assert stored_files() == []
