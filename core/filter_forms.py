"""What the public site's listing filters (the calendar's, the blog's) share."""

from django import forms


class FilterForm(forms.Form):
    """A plain GET form narrowing a listing. Its markup, hundreds of options long, is kept
    rendered until content changes (the choices it offers follow from content), under
    `markup_key`: what else the markup follows from."""

    @property
    def markup_key(self) -> str:
        """The values given for each field, as the form reads them (the last of each
        name): the same values give the same markup, errors included."""
        return "&".join(f"{name}={self.data.get(name, '')}" for name in self.fields)
