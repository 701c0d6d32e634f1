"""Hostile image files, made on demand, for every test of an upload (the admin's image
forms and the public story form). Each is an `Attack`: a fresh upload (an upload can be
sent only once) and the start of the message the person must see."""

import functools
import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.submission_fixtures import image_bytes

BOMB_SIDE = 30_000


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def decompression_bomb(side: int = BOMB_SIDE) -> bytes:
    """A real, complete black-and-white PNG of side × side pixels (900 megapixels at the
    default): about 100 KB on disk, nearly a gigabyte once decoded. The pixel rows are
    compressed one at a time, so making it never holds the picture in memory."""
    row = b"\0" * (1 + (side + 7) // 8)  # filter byte "none", then 1 bit a pixel
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")


def oversize_jpeg(megabytes: int = 12) -> bytes:
    """A real JPEG with padding after its end: its size alone refuses it."""
    return image_bytes("JPEG") + b"\0" * (megabytes * 1024 * 1024)


def html_png_polyglot() -> bytes:
    """A valid PNG whose text chunk is a web page: served as it was uploaded, a browser
    that sniffs content could run it as HTML on the site's own origin."""
    page = b"<html><body><script>alert(document.cookie)</script></body></html>"
    png = image_bytes("PNG", (16, 16))
    # After the signature (8 bytes) and the IHDR chunk (25 bytes), where sniffers look.
    return png[:33] + png_chunk(b"tEXt", b"Comment\0" + page) + png[33:]


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


def svg_entity_expansion() -> bytes:
    """'Billion laughs': ten levels of entities, each ten of the one below, padded so the
    <svg> element starts far into the file. An XML parser that expands it runs out of memory."""
    lines = [b'<?xml version="1.0"?>', b"<!-- " + b"x" * 4000 + b" -->", b"<!DOCTYPE svg [", b'<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        lines.append(b'<!ENTITY lol%d "%s">' % (level, b"".join(b"&lol%d;" % (level - 1) for _ in range(10))))
    lines += [b"]>", b'<svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>']
    return b"\n".join(lines)


def truncated_png() -> bytes:
    whole = image_bytes("PNG", (400, 300), noise=True)
    return whole[: len(whole) // 2]


@dataclass(frozen=True)
class Attack:
    name: str  # the file's name, as uploaded
    content: Callable[[], bytes]
    message: str  # what the person is told, after the quoted file name
    content_type: str = "image/png"

    def upload(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.name, self.content(), content_type=self.content_type)

    @property
    def full_message(self) -> str:
        return f"“{self.name}” {self.message}"


ATTACKS = {
    "a 30,000 × 30,000 decompression bomb": Attack(
        "bomb.png", decompression_bomb, "has too many pixels: photos can be at most 40 megapixels."
    ),
    "a file over 10 MB": Attack(
        "huge.jpg", oversize_jpeg, "is too big (12 MB): each photo must be 10 MB or smaller.", "image/jpeg"
    ),
    "a GIF renamed .png": Attack(
        "animation.png",
        lambda: image_bytes("GIF", (40, 30)),
        "is a GIF image, but its name ends in “.png”: rename it to end in .gif and send it again.",
    ),
    "an HTML/PNG polyglot": Attack(
        "polyglot.png", html_png_polyglot, "holds web page code (HTML or script) alongside the picture"
    ),
    "an SVG": Attack(
        "logo.svg", lambda: SVG, "is an SVG drawing: we can only take photos (JPEG, PNG, GIF or WebP).", "image/svg+xml"
    ),
    "an SVG with entity expansion, renamed .png": Attack(
        "laughs.png", svg_entity_expansion, "is an SVG drawing: we can only take photos (JPEG, PNG, GIF or WebP)."
    ),
    "a truncated PNG": Attack("cut-short.png", truncated_png, "could not be read: the file is damaged or incomplete."),
}


def as_file(attack: Attack) -> io.BytesIO:
    """The attack as a plain named file object, for calling check_image directly."""
    file = io.BytesIO(attack.content())
    file.name = attack.name
    return file
