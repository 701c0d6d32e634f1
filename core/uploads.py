"""Checks for image files people upload, before anything is kept.

`check_image(file)` decides from the file's content, never its name or the type the
browser claims, whether it is a photo the site will take:

* at most `max_bytes` (WAGTAILIMAGES_MAX_UPLOAD_SIZE, 10 MB), checked before the file
  is opened at all;
* not SVG (a drawing that can carry scripts), recognised by its content;
* no web page code (an HTML tag that runs or frames things) anywhere in it: a picture
  with a page hidden in its metadata (a polyglot) could be run as a page by a browser
  that sniffs content when the original is served as it was uploaded;
* JPEG, PNG, GIF or WebP, as Pillow identifies it. Pillow is only allowed to try those
  four decoders, so no other format's parser (PSD, EPS…) ever reads the file;
* at most `max_pixels` (WAGTAILIMAGES_MAX_IMAGE_PIXELS, 40 megapixels; every frame of
  an animation counts). `Image.open` reads only the header, so the size is known
  before a single pixel is decoded, and a decompression bomb — a small file that
  would unpack into gigabytes — is refused at that point. Pillow's own guard
  (`Image.MAX_IMAGE_PIXELS`, about 89 megapixels, left at its default) stays on as a
  second line: beyond it the open itself is refused, its warning made an error;
* it decodes completely: a truncated or damaged file is refused (decoding is safe to
  attempt once the pixel count is known to be within the limit);
* its name ends as its content is (a GIF called .png is refused, with the name it
  should have). The admin keeps a file under the name it came with, so there a
  mislabelled file would be served as the wrong type; the public forms store files
  under names made from the content, but refuse the same way so that a file is either
  taken everywhere or nowhere.

Each refusal is a `ValidationError` whose message names the file and says why, in
words a member of the public understands. `CheckedImageField` is the form field that
applies it. Both are meant for any upload of pictures, public or in the admin.

`without_location(file)` gives a checked image without the place a camera recorded in
it (EXIF GPS), for pictures about to be published: Wagtail's JPEG renditions keep the
original's EXIF.
"""

import dataclasses
import io
import os
import re
import warnings

from PIL import Image, ImageSequence, UnidentifiedImageError

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import Truncator

# Pillow's format name: (file extension, MIME type).
ACCEPTED_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "GIF": ("gif", "image/gif"),
    "WEBP": ("webp", "image/webp"),
}
ACCEPTED_IN_WORDS = "JPEG, PNG, GIF or WebP"
_FORMAT_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WebP"}
# Pillow reads some cameras' JPEGs (with a second, stereo or preview picture) as "MPO":
# a JPEG all the same, and shown as one by browsers.
_FORMAT_ALIASES = {"MPO": "JPEG"}
# What the browser's file picker offers first; the content decides all the same.
ACCEPT_ATTRIBUTE = ",".join(mime for _, mime in ACCEPTED_FORMATS.values())

# How much of the start of a file to look at to recognise an SVG drawing.
_SNIFF_BYTES = 2048

# Tags that make a browser run or load something, were the file ever read as a web page.
# Long enough that photo data (compressed, near random) matches one by chance about once
# in ten thousand 10 MB files.
_MARKUP = re.compile(rb"<(?:script|html|body|iframe|object|embed|!doctype html)[\s>/]", re.IGNORECASE)
_SCAN_CHUNK = 64 * 1024
_SCAN_OVERLAP = 32

# Everything a damaged file can make a decoder raise.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError, MemoryError)


def max_bytes_default() -> int:
    return getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)


def max_pixels_default() -> int:
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 40_000_000)


def megabytes(size: int) -> str:
    """'10 MB', '12.3 MB' (a megabyte of 1,024 × 1,024 bytes, as the limits are set)."""
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def megapixels(pixels: int) -> str:
    """'40', '50', '2.1' (millions of pixels)."""
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0")


def limits_in_words(max_bytes: int | None = None, max_pixels: int | None = None) -> str:
    """'JPEG, PNG, GIF or WebP, up to 10 MB and 40 megapixels', for hints beside a field."""
    max_bytes = max_bytes or max_bytes_default()
    max_pixels = max_pixels or max_pixels_default()
    return f"{ACCEPTED_IN_WORDS}, up to {megabytes(max_bytes)} and {megapixels(max_pixels)} megapixels"


@dataclasses.dataclass(frozen=True)
class CheckedImage:
    """What the check found out about a file that passed it."""

    format: str  # Pillow's name: "JPEG", "PNG", "GIF" or "WEBP"
    width: int
    height: int
    frames: int
    size: int  # bytes

    @property
    def extension(self) -> str:
        return ACCEPTED_FORMATS[self.format][0]

    @property
    def mime_type(self) -> str:
        return ACCEPTED_FORMATS[self.format][1]


def display_name(file) -> str:
    """The name the person gave the file, without any folders, short enough for a message."""
    name = os.path.basename(str(getattr(file, "name", "") or "").replace("\\", "/")) or "The file"
    return Truncator(name).chars(80)


def _refuse(file, reason: str, code: str) -> ValidationError:
    return ValidationError(f"“{display_name(file)}” {reason}", code=code)


def _is_svg(head: bytes) -> bool:
    """Markup (after any byte order mark and white space) with an <svg> element, or any
    XML document: an XML prolog, comment or doctype may come first, and a doctype full
    of entities (to expand into gigabytes) can push the <svg> element far along."""
    start = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    return start.startswith(b"<?xml") or (start.startswith(b"<") and b"<svg" in start)


def _holds_markup(file) -> bool:
    """Whether web page code appears anywhere in the file, read a chunk at a time."""
    file.seek(0)
    tail = b""
    while chunk := file.read(_SCAN_CHUNK):
        if _MARKUP.search(tail + chunk):
            file.seek(0)
            return True
        tail = chunk[-_SCAN_OVERLAP:]
    file.seek(0)
    return False


def _extension(file) -> str:
    return os.path.splitext(display_name(file))[1].lower().lstrip(".")


def check_image(file, *, max_bytes: int | None = None, max_pixels: int | None = None) -> CheckedImage:
    """Refuse `file` (an uploaded or any seekable file) with a ValidationError naming it
    and the reason, unless it is a whole JPEG, PNG, GIF or WebP image within the limits
    and named for what it is. Leaves the file at its start."""
    max_bytes = max_bytes or max_bytes_default()
    max_pixels = max_pixels or max_pixels_default()
    size = file.size if getattr(file, "size", None) is not None else _measure(file)
    if size == 0:
        raise _refuse(file, "is empty: choose the photo again.", "empty")
    if size > max_bytes:
        actual, limit = megabytes(size), megabytes(max_bytes)
        if actual == limit:
            actual = f"just over {limit}"
        raise _refuse(file, f"is too big ({actual}): each photo must be {limit} or smaller.", "file_too_large")
    file.seek(0)
    head = file.read(_SNIFF_BYTES)
    file.seek(0)
    if _is_svg(head) or display_name(file).lower().endswith((".svg", ".svgz")):
        raise _refuse(file, f"is an SVG drawing: we can only take photos ({ACCEPTED_IN_WORDS}).", "svg")
    if _holds_markup(file):
        raise _refuse(
            file,
            "holds web page code (HTML or script) alongside the picture, so we cannot take it: "
            "save the photo again from a photo editor and send that copy.",
            "markup",
        )

    try:
        with warnings.catch_warnings():
            # Beyond Pillow's own limit the file is refused at once, before its size is read.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file, formats=list(ACCEPTED_FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        file.seek(0)
        raise _refuse(
            file, f"has too many pixels: photos can be at most {megapixels(max_pixels)} megapixels.", "too_many_pixels"
        ) from None
    except UnidentifiedImageError:
        file.seek(0)
        raise _refuse(
            file, f"is not a photo we can take: it is not a {ACCEPTED_IN_WORDS} image.", "not_an_image"
        ) from None
    except _DECODE_ERRORS:
        file.seek(0)
        raise _refuse(file, "could not be read: the file is damaged or incomplete.", "damaged") from None

    try:
        with image:
            width, height = image.size
            frames = getattr(image, "n_frames", 1) or 1
            pixels = width * height * frames
            if pixels > max_pixels:
                what = f"{width:,} × {height:,} pixels" + (f" over {frames} frames" if frames > 1 else "")
                raise _refuse(
                    file,
                    f"is {what} ({megapixels(pixels)} megapixels): photos can be at most "
                    f"{megapixels(max_pixels)} megapixels.",
                    "too_many_pixels",
                )
            image_format = _FORMAT_ALIASES.get(image.format, image.format)
            if image_format not in ACCEPTED_FORMATS:
                raise _refuse(
                    file, f"is not a photo we can take: it is not a {ACCEPTED_IN_WORDS} image.", "not_an_image"
                )
            # The pixel count is within the limit, so decoding everything is safe: a
            # truncated or damaged file fails here.
            for frame in ImageSequence.Iterator(image):
                frame.load()
    except ValidationError:
        file.seek(0)
        raise
    except _DECODE_ERRORS:
        file.seek(0)
        raise _refuse(file, "could not be read: the file is damaged or incomplete.", "damaged") from None
    file.seek(0)
    checked = CheckedImage(format=image_format, width=width, height=height, frames=frames, size=size)
    if _extension(file).replace("jpeg", "jpg") != checked.extension:
        raise _refuse(
            file,
            f"is a {_FORMAT_NAMES[image_format]} image, but its name ends in “.{_extension(file)}”: "
            f"rename it to end in .{checked.extension} and send it again.",
            "wrong_extension",
        )
    return checked


# The EXIF tag that holds where a photo was taken.
GPS_IFD = 0x8825


def without_location(file) -> io.BytesIO | None:
    """The image in `file` (one that passed `check_image`) saved again without its EXIF
    location, keeping the rest of its metadata (the orientation above all) and, for a
    JPEG, its own quantisation tables, so it loses next to nothing. None if it records
    no location, so that nothing needs saving again. An animation keeps its first frame
    only; cameras do not record locations in animations."""
    file.seek(0)
    with Image.open(file, formats=list(ACCEPTED_FORMATS)) as image:
        exif = image.getexif()
        if GPS_IFD not in exif:
            file.seek(0)
            return None
        del exif[GPS_IFD]
        image_format = _FORMAT_ALIASES.get(image.format, image.format)
        options = {"exif": exif.tobytes()}
        if image.info.get("icc_profile"):
            options["icc_profile"] = image.info["icc_profile"]
        if image.format == "JPEG":
            options.update(quality="keep", subsampling="keep")
        elif image_format in ("JPEG", "WEBP"):
            options.update(quality=95)
        output = io.BytesIO()
        image.save(output, image_format, **options)
    file.seek(0)
    output.seek(0)
    return output


def _measure(file) -> int:
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size


class CheckedImageField(forms.FileField):
    """A file upload that must pass `check_image`. The cleaned file carries what the
    check found as `.checked_image`."""

    widget = forms.FileInput

    def __init__(self, *, max_bytes: int | None = None, max_pixels: int | None = None, **kwargs):
        self.max_bytes, self.max_pixels = max_bytes, max_pixels
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT_ATTRIBUTE
        return attrs

    def to_python(self, data):
        if data not in self.empty_values and getattr(data, "size", None) == 0 and getattr(data, "name", ""):
            # Django's own message for an empty file does not say which one.
            raise _refuse(data, "is empty: choose the photo again.", "empty")
        file = super().to_python(data)
        if file is None:
            return None
        file.checked_image = check_image(file, max_bytes=self.max_bytes, max_pixels=self.max_pixels)
        return file
