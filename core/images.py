"""The admin's image upload form (WAGTAILIMAGES_IMAGE_FORM_BASE): Wagtail's own, with
every new file put through `core.uploads.check_image` first, the same check the public
forms use. The add view, the multiple-upload view and the chooser's upload all build
their form from this base.

The check runs before Wagtail's own field reads the file, so a decompression bomb is
refused from its header (its pixels never decoded), and the person sees the site's
message naming the file and the reason rather than Wagtail's generic one. Wagtail's
checks still follow for whatever passes.
"""

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from core.uploads import check_image


class CheckedWagtailImageField(WagtailImageField):
    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "read"):
            check_image(data, max_bytes=self.max_upload_size, max_pixels=self.max_image_pixels)
        return super().to_python(data)


class CheckedImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # get_image_form() makes the file field itself (its formfield_callback wins over
        # any field declared here), so this form's copy is swapped for the checked one.
        field = self.fields.get("file")
        if field is not None and not isinstance(field, CheckedWagtailImageField):
            self.fields["file"] = CheckedWagtailImageField(
                label=field.label, required=field.required, widget=field.widget
            )
