"""Where files sent in with submissions are kept until staff decide on them.

Photos that come with a story are not public: the person who sent them has asked for
them to be considered, not published, and they may show people who have not yet been
seen by the team. So they are kept apart from the public media folder, in
PRIVATE_MEDIA_ROOT (never served by the web server or under MEDIA_URL), under random
names, and have no public address at all: `url()` refuses. Staff see them through the
inbox (a view that checks their permission, submissions/views.py). Accepting a story
copies its photos into Wagtail's image library, from where they are published.

Which storage is Django's STORAGES["private"]: this folder by default; with several app
servers, the media bucket under a private prefix of its own (settings, MEDIA_S3_*).
"""

from pathlib import Path

from storages.backends.s3 import S3Storage

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


class NoAddress:
    def url(self, name):
        raise ValueError("Files sent in with submissions have no public address; staff see them in the inbox.")


@deconstructible(path="submissions.storage.PrivateStorage")
class PrivateStorage(NoAddress, FileSystemStorage):
    """PRIVATE_MEDIA_ROOT on this server's disk (or a folder all servers share)."""

    @cached_property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


class PrivateS3Storage(NoAddress, S3Storage):
    """The media bucket, under the private prefix (MEDIA_S3_PRIVATE_PREFIX)."""


def private_storage():
    """The storage of files sent in with submissions (a callable, so that migrations
    name it rather than one backend, and each deployment's settings choose)."""
    return storages["private"]


def _overlap(private: str, public: str) -> bool:
    return not public or private == public or private.startswith(public + "/") or public.startswith(private + "/")


@checks.register(checks.Tags.security)
def private_media_is_not_public(app_configs=None, **kwargs):
    """PRIVATE_MEDIA_ROOT inside MEDIA_ROOT (or the other way round), or the private
    prefix inside the public one in the bucket, would put private files where the public
    ones are served from."""
    private_options = settings.STORAGES["private"].get("OPTIONS", {})
    if "bucket_name" in private_options:
        public_options = settings.STORAGES["default"].get("OPTIONS", {})
        if public_options.get("bucket_name") == private_options["bucket_name"] and _overlap(
            private_options.get("location", "").strip("/"), public_options.get("location", "").strip("/")
        ):
            return [
                checks.Error(
                    "MEDIA_S3_PRIVATE_PREFIX and MEDIA_S3_PREFIX overlap, so private uploads could be served publicly.",
                    hint="Give private uploads a prefix of their own, outside the public one (the default: private).",
                    id="submissions.E002",
                )
            ]
        return []
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    public = Path(settings.MEDIA_ROOT).resolve()
    if private == public or public in private.parents or private in public.parents:
        return [
            checks.Error(
                "PRIVATE_MEDIA_ROOT and MEDIA_ROOT overlap, so private uploads could be served publicly.",
                hint="Set PRIVATE_MEDIA_ROOT to a folder outside MEDIA_ROOT.",
                id="submissions.E001",
            )
        ]
    return []
