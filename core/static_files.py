"""Where production keeps the static files: whitenoise's compressed, fingerprinted
storage, with each file's address worked out once per process."""

from whitenoise.storage import CompressedManifestStaticFilesStorage

from django.conf import settings


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Every page names its stylesheets and script ({% static %}), and each cost Django
    some 1,500 steps (the fingerprinted name looked up in the manifest, quoted, joined to
    STATIC_URL) for the same answer every time. The manifest is read when the process
    starts and changes only with a deploy, which starts new processes, so each address
    is kept once worked out."""

    MAX_KEPT = 1000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses = {}

    def url(self, name, force=False):
        key = (name, force, settings.DEBUG)
        try:
            return self._addresses[key]
        except KeyError:
            address = super().url(name, force)
            if len(self._addresses) < self.MAX_KEPT:
                self._addresses[key] = address
            return address
