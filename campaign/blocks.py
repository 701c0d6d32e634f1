"""Blocks for a year's guide and for the recaps of days and events."""

from wagtail import blocks

from core.blocks import BaseStreamBlock, ImageBlock, ParagraphBlock, SocialPostsBlock
from core.validators import social_handle_validator


class GuideStreamBlock(BaseStreamBlock):
    """The year's 'how to get involved' guide: everything the base offers, plus
    example social media posts with copy buttons."""

    social_posts = SocialPostsBlock()


class ResponseBlock(blocks.StructBlock):
    """One response to a Twitter chat question, chosen by staff. Quoted as text, never
    embedded, so no third-party script is loaded."""

    quote = blocks.TextBlock(max_length=600)
    author_handle = blocks.CharBlock(
        max_length=64, validators=[social_handle_validator], help_text="For example @ScotCoPro."
    )
    link = blocks.URLBlock(required=False, help_text="The address of the original post, if it is still online.")

    class Meta:
        icon = "openquote"
        template = "campaign/blocks/response.html"
        description = "A response someone posted, quoted with their handle."
        preview_value = {"quote": "Sharing power means sharing decisions.", "author_handle": "@ScotCoPro"}


class RecapStreamBlock(blocks.StreamBlock):
    """What happened: text, quoted responses and photographs."""

    paragraph = ParagraphBlock()
    response = ResponseBlock()
    image = ImageBlock()


class SocialAccountBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(
        choices=[("twitter", "Twitter / X"), ("facebook", "Facebook"), ("instagram", "Instagram"), ("other", "Other")]
    )
    name = blocks.CharBlock(max_length=100, help_text="As readers should see it, for example @ScotCoPro.")
    url = blocks.URLBlock(required=False)

    class Meta:
        icon = "link"
        template = "campaign/blocks/social_account.html"
        description = "An account the team posts from during the week."
        preview_value = {"network": "twitter", "name": "@ScotCoPro", "url": "https://twitter.com/ScotCoPro"}
