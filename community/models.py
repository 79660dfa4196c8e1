from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class SpaceIndexPage(Page):
    intro = RichTextField(_("intro"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["community.SpacePage"]
    max_count = 1

    class Meta:
        verbose_name = _("space directory")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["spaces"] = SpacePage.objects.child_of(self).live().public().order_by("title")
        return context


class SpacePage(Page):
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=80, default="Milano")
    neighbourhood = models.CharField(_("neighbourhood"), max_length=80, blank=True)
    address = models.CharField(_("street address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    description = RichTextField(_("description"), blank=True)
    desks = models.PositiveIntegerField(_("desks"), default=0)
    # The users who manage this space: they edit its page (through moderation), moderate its forum.
    hosts = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="hosted_spaces", verbose_name=_("hosts")
    )
    # Space data freshness: when a host last confirmed the profile is current.
    last_confirmed = models.DateField(_("data confirmed on"), null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("tagline"),
        MultiFieldPanel(
            [
                FieldPanel("city"),
                FieldPanel("neighbourhood"),
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("latitude"),
                FieldPanel("longitude"),
            ],
            heading=_("Where"),
        ),
        FieldPanel("description"),
        FieldPanel("desks"),
        FieldPanel("hosts"),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["community.SpaceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("space")

    def clean(self) -> None:
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Latitude and longitude go together: fill both or neither."))


class NewsIndexPage(Page):
    intro = RichTextField(_("intro"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["community.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = (
            NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")
        )
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "community.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(Page):
    date = models.DateField(_("date"))
    intro = models.TextField(_("intro"), blank=True)
    body = RichTextField(_("body"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["community.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news article")
        ordering = ["-date"]
