"""The blog index's filters: by tag and by author, as plain GET parameters."""

from django import forms

from core.widgets import LongListSelect


class PostFilterForm(forms.Form):
    """Choices are the tags and authors of the posts on show, so a reader never picks a
    filter that finds nothing. An unknown value (an old or mistyped link) is named in
    a message and that filter is left out, rather than answering with an error page."""

    tag = forms.ChoiceField(
        required=False,
        label="Tag",
        widget=LongListSelect,
        error_messages={"invalid_choice": "No post on this blog is tagged “%(value)s”: showing posts with any tag."},
    )
    author = forms.ChoiceField(
        required=False,
        label="Author",
        widget=LongListSelect,
        error_messages={"invalid_choice": "No post on this blog is by “%(value)s”: showing posts by every author."},
    )

    def __init__(self, data, *, tags, authors):
        super().__init__(data)
        self.fields["tag"].choices = [("", "Any tag"), *((tag.slug, tag.name) for tag in tags)]
        self.fields["author"].choices = [("", "Any author"), *((person.slug, person.name) for person in authors)]
        self.tags = {tag.slug: tag for tag in tags}
        self.authors = {person.slug: person for person in authors}

    def chosen(self) -> dict:
        """The valid filters: {'tag': Tag, 'author': Person}, each only if chosen."""
        self.is_valid()
        chosen = {}
        tag, author = self.cleaned_data.get("tag"), self.cleaned_data.get("author")
        if tag:
            chosen["tag"] = self.tags[tag]
        if author:
            chosen["author"] = self.authors[author]
        return chosen
