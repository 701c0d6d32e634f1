"""Photos sent with stories, shown to staff only.

The files live in private storage with no public address (submissions/storage.py).
This admin view (behind Wagtail's admin login) hands one over to someone who may
review stories, as the image type the upload check found, and tells the browser to
treat it as nothing but that image.
"""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control

from submissions.models import StoryPhoto

REVIEW_PERMISSION = "submissions.view_storysubmission"


def story_photo(request, pk: int):
    if not request.user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied
    photo = get_object_or_404(StoryPhoto, pk=pk)
    try:
        source = photo.file.open("rb")
    except FileNotFoundError:
        raise Http404("The photo's file is missing.") from None
    response = FileResponse(
        source,
        content_type=photo.mime_type,
        as_attachment=request.GET.get("download") == "1",
        filename=photo.original_filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, the file can run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    patch_cache_control(response, private=True, no_store=True)
    return response
