"""StreamField blocks shared by every page family.

Each block names its icon, template, description and preview so an editor can see
what they are choosing. Page families extend `BaseStreamBlock` rather than start again.
"""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

BODY_RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Subheading")],
        default="h2",
        help_text="Use a subheading only inside a section, so the page outline stays in order.",
    )

    class Meta:
        icon = "title"
        template = "core/blocks/heading.html"
        description = "A heading that starts a section of the page."
        preview_value = {"text": "How can I get involved?", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", BODY_RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "core/blocks/paragraph.html"
        description = "Text with bold, italic, links and lists."
        preview_value = "<p>Stories are at the heart of a co-production approach.</p>"


class LinkStructValue(blocks.StructValue):
    def href(self) -> str:
        page = self.get("page")
        if page is not None:
            return page.url
        return self.get("url") or ""


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=80, label="Button text")
    description = blocks.TextBlock(
        required=False, max_length=300, help_text="Optional sentence shown before the button."
    )
    page = blocks.PageChooserBlock(required=False, help_text="Link to a page on this site…")
    url = blocks.URLBlock(required=False, label="or an address elsewhere")

    class Meta:
        icon = "pick"
        template = "core/blocks/call_to_action.html"
        value_class = LinkStructValue
        description = "A prominent link that asks the reader to do something."
        preview_value = {"text": "Tell us about your event", "url": "https://example.org/"}

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = "Choose a page on this site or enter an address elsewhere — one of the two, not both."
            raise StructBlockValidationError(block_errors={"page": ValidationError(message)})
        return value


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=250)
    decorative = blocks.BooleanBlock(
        required=False,
        help_text="Tick only if the image adds nothing a reader would miss; screen readers will then skip it. "
        "Otherwise the image's description in the image library is read out.",
    )

    class Meta:
        icon = "image"
        template = "core/blocks/image.html"
        description = "A picture with an optional caption."


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=1000)
    attribution = blocks.CharBlock(required=False, max_length=150)
    source_url = blocks.URLBlock(required=False, label="Link to the source")

    class Meta:
        icon = "openquote"
        template = "core/blocks/quote.html"
        description = "A quotation with who said it."
        preview_value = {"quote": "Co-production is about sharing power.", "attribution": "A network member"}


class SocialPostsBlock(blocks.StructBlock):
    intro = blocks.CharBlock(required=False, max_length=200, default="Example posts could include:")
    posts = blocks.ListBlock(blocks.TextBlock(max_length=500, label="Post"), min_num=1)

    class Meta:
        icon = "openquote"
        template = "core/blocks/social_posts.html"
        description = "Ready-made social media posts, each with a button that copies it."
        preview_value = {
            "intro": "Example posts could include:",
            "posts": ["It's time to get involved! #CoProWeekScot"],
        }


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks every body field offers. Page families subclass and add their own."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    call_to_action = CallToActionBlock()
    image = ImageBlock()
    quote = QuoteBlock()
