"""The image upload check (core/uploads.py) on its own: content decides, sizes are read
from the header before anything is decoded, and every refusal names the file."""

import io
import struct
import zlib

import pytest
from PIL import Image

from django import forms
from django.core.exceptions import ValidationError

from core.uploads import GPS_IFD, CheckedImageField, check_image, limits_in_words, without_location
from tests.submission_fixtures import image_bytes, photo_with_location, upload


def refusal(file) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_image(file)
    return caught.value


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds no pixels: opening it reads the size;
    decoding it would fail."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def animated_gif(frames: int, size=(100, 100)) -> bytes:
    pictures = [Image.new("RGB", size, (40 * n, 255 - 40 * n, 90)) for n in range(frames)]
    buffer = io.BytesIO()
    pictures[0].save(buffer, "GIF", save_all=True, append_images=pictures[1:], duration=100)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("image_format", "expected"), [("JPEG", "JPEG"), ("PNG", "PNG"), ("GIF", "GIF"), ("WEBP", "WEBP")]
)
def test_the_four_formats_are_taken_and_the_file_is_left_at_its_start(image_format, expected):
    extension = {"JPEG": "jpg"}.get(image_format, image_format.lower())
    file = upload(f"picture.{extension}", image_bytes(image_format, (64, 48)))
    checked = check_image(file)
    assert (checked.format, checked.width, checked.height, checked.frames) == (expected, 64, 48, 1)
    assert file.tell() == 0


def test_a_camera_jpeg_with_a_second_picture_is_a_jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (50, 40), "red").save(buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (50, 40))])
    checked = check_image(upload("stereo.jpg", buffer.getvalue()))
    assert (checked.format, checked.extension, checked.frames) == ("JPEG", "jpg", 2)


@pytest.mark.parametrize("image_format", ["BMP", "TIFF", "ICO", "PPM"])
def test_other_image_formats_are_not_even_parsed(image_format):
    error = refusal(upload(f"scan.{image_format.lower()}", image_bytes(image_format, (32, 32))))
    assert error.code == "not_an_image"


def test_the_size_is_read_from_the_header_before_any_pixel_is_decoded():
    # 49 megapixels declared, no pixel data: refused for its size, not as damaged.
    error = refusal(upload("wide.png", png_header_only(7_000, 7_000)))
    assert error.code == "too_many_pixels"
    assert error.messages == [
        "“wide.png” is 7,000 × 7,000 pixels (49 megapixels): photos can be at most 40 megapixels."
    ]


def test_beyond_pillows_own_limit_the_file_is_refused_on_opening():
    # 900 megapixels: Pillow's guard (Image.MAX_IMAGE_PIXELS) refuses it before its size is used.
    error = refusal(upload("bomb.png", png_header_only(30_000, 30_000)))
    assert error.code == "too_many_pixels"
    assert error.messages == ["“bomb.png” has too many pixels: photos can be at most 40 megapixels."]


def test_within_the_limit_a_header_without_pixels_is_damaged():
    error = refusal(upload("empty-inside.png", png_header_only(100, 100)))
    assert error.code == "damaged"


def test_every_frame_of_an_animation_counts(settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000
    assert check_image(upload("four.gif", animated_gif(4))).frames == 4
    error = refusal(upload("six.gif", animated_gif(6)))
    assert error.messages == [
        "“six.gif” is 100 × 100 pixels over 6 frames (0.1 megapixels): photos can be at most 0.1 megapixels."
    ]


def test_the_limits_follow_the_image_settings(settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024 * 1024
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 2_000_000
    assert limits_in_words() == "JPEG, PNG, GIF or WebP, up to 1 MB and 2 megapixels"
    error = refusal(upload("big.jpg", image_bytes("JPEG") + b"\0" * (1024 * 1024)))
    assert error.messages == ["“big.jpg” is too big (just over 1 MB): each photo must be 1 MB or smaller."]


def test_folders_in_a_file_name_are_not_repeated():
    error = refusal(upload("C:\\Users\\ailsa\\notes.jpg", b"text"))
    assert error.messages[0].startswith("“notes.jpg”")


def test_the_form_field_offers_images_and_carries_what_it_found():
    class PhotoForm(forms.Form):
        photo = CheckedImageField(required=False)

    assert 'accept="image/jpeg,image/png,image/gif,image/webp"' in str(PhotoForm()["photo"])
    form = PhotoForm(files={"photo": upload("tree.webp", image_bytes("WEBP"))})
    assert form.is_valid()
    assert form.cleaned_data["photo"].checked_image.format == "WEBP"
    refused = PhotoForm(files={"photo": upload("tree.jpg", b"")})
    assert not refused.is_valid()
    assert refused.errors["photo"] == ["“tree.jpg” is empty: choose the photo again."]


@pytest.mark.parametrize(
    ("image_format", "options"), [("JPEG", {}), ("PNG", {}), ("WEBP", {}), ("MPO", {"save_all": True})]
)
def test_the_location_a_camera_recorded_is_removed_and_the_rest_kept(image_format, options):
    original = upload("walk.jpg", photo_with_location(image_format, **options))
    stripped = without_location(original)
    assert original.tell() == 0
    with Image.open(stripped) as image:
        exif = image.getexif()
        assert GPS_IFD not in exif
        assert (exif[0x010F], exif[0x0112]) == ("PhoneMaker", 6)
        assert image.size == (80, 60)
        assert image.format == ("JPEG" if image_format == "MPO" else image_format)


def test_an_image_without_a_location_is_left_alone():
    original = upload("walk.jpg", image_bytes("JPEG"))
    assert without_location(original) is None
    assert original.tell() == 0
