"""The blog index's filters: by tag, by author and by release day, as plain GET parameters."""

import datetime
from dataclasses import dataclass

from django import forms

from core.filter_forms import FilterForm
from core.text import date_in_words
from core.widgets import FixedChoices, LongListSelect


@dataclass(frozen=True)
class ReleaseDay:
    """A day posts were released on, named and put in addresses as tags and authors are."""

    date: datetime.date

    @property
    def slug(self) -> str:
        return self.date.isoformat()

    @property
    def name(self) -> str:
        return date_in_words(self.date)


@dataclass(frozen=True)
class PostFilterOptions:
    """What a blog's filters offer, made once and kept with the blog until content
    changes (blog.models): each filter's choices, and what each choice stands for."""

    choices: dict  # {field name: FixedChoices}
    lookup: dict  # {field name: {slug: tag, author's row or ReleaseDay}}

    @classmethod
    def of(cls, *, tags, authors, release_dates=()) -> "PostFilterOptions":
        """`tags` and `authors`: objects with a slug and a name (Tag instances; rows of
        Person's pk, slug and name), each offered once, in the order given."""
        offered = {
            "tag": ("Any tag", list(tags)),
            "author": ("Any author", list(authors)),
            "released": ("Any day", [ReleaseDay(date) for date in release_dates]),
        }
        return cls(
            choices={
                name: FixedChoices([("", blank), *((item.slug, item.name) for item in items)])
                for name, (blank, items) in offered.items()
            },
            lookup={name: {item.slug: item for item in items} for name, (_, items) in offered.items()},
        )


class PostFilterForm(FilterForm):
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

    released = forms.ChoiceField(
        required=False,
        label="Released on",
        widget=LongListSelect,
        error_messages={
            "invalid_choice": "No post on this blog was released on “%(value)s”: showing posts from every day."
        },
    )

    def __init__(self, data, *, options: PostFilterOptions):
        super().__init__(data)
        for name, choices in options.choices.items():
            self.fields[name].choices = choices
        self.choices = options.lookup

    def chosen(self) -> dict:
        """The valid filters: {'tag': Tag, 'author': the author's row, 'released':
        ReleaseDay}, each only if chosen."""
        self.is_valid()
        return {name: self.choices[name][value] for name in self.choices if (value := self.cleaned_data.get(name))}
