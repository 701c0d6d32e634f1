"""Admin form helpers."""

from wagtail.admin.forms import WagtailAdminPageForm


class ParentAwarePageForm(WagtailAdminPageForm):
    """Lets a page's `clean()` see its future parent while it is being created.

    Wagtail only places a new page in the tree after its form has validated, so rules
    such as "a day's date must fall within its year" could not otherwise be checked
    until the save, where a failure would be an error page instead of a message on the
    field. The parent is handed to the instance for validation only.
    """

    def __init__(self, data=None, files=None, parent_page=None, *args, **kwargs):
        super().__init__(data, files, parent_page, *args, **kwargs)
        if parent_page is not None and not self.instance.path:
            self.instance._validation_parent = parent_page
