"""StreamField blocks of a news article's body (the bakerydemo set, trimmed to what news needs)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "community/blocks/quote.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "community/blocks/image.html"


class NewsBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("paragraph"), features=["bold", "italic", "link", "ol", "ul"]
    )
    heading = blocks.CharBlock(
        label=_("heading"),
        max_length=120,
        form_classname="title",
        template="community/blocks/heading.html",
    )
    quote = QuoteBlock(label=_("quote"))
    image = CaptionedImageBlock(label=_("image with caption"))
    embed = EmbedBlock(label=_("embed"), max_width=800)
    list = blocks.ListBlock(
        blocks.CharBlock(max_length=300), label=_("list"), template="community/blocks/list.html"
    )
