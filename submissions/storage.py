"""Where files sent in with submissions are kept until staff decide on them.

Photos that come with a story are not public: the person who sent them has asked for
them to be considered, not published, and they may show people who have not yet been
seen by the team. So they are kept apart from the public media folder, in
PRIVATE_MEDIA_ROOT (never served by the web server or under MEDIA_URL), under random
names, and have no public address at all: `url()` refuses. Staff see them through the
inbox (a view that checks their permission, submissions/views.py). Accepting a story
copies its photos into Wagtail's image library, from where they are published.
"""

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible(path="submissions.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Files sent in with submissions have no public address; staff see them in the inbox.")


private_storage = PrivateStorage()


@checks.register(checks.Tags.security)
def private_media_is_not_public(app_configs=None, **kwargs):
    """PRIVATE_MEDIA_ROOT inside MEDIA_ROOT (or the other way round) would put private
    files where the public ones are served from."""
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
