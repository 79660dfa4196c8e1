"""The CMS side of the network: spaces as Wagtail pages and amenities. The app's other models
live in their feature modules, imported here so that Django finds them: news (community/news.py),
visit requests (community/visits.py), outdated-information reports (community/reports.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from community.hours import is_open_at
from community.news import NewsIndexPage, NewsPage, NewsPageTag  # noqa: F401 (see above)
from community.pages import IndexPage, VisitorPageMixin, visible  # noqa: F401 (visible: read here)
from community.reports import OutdatedReport  # noqa: F401 (see above)
from community.visits import VisitRequest  # noqa: F401 (see above)
from tavolone.lib.vocabulary import Term

STALE_AFTER_DAYS = 180
# Nearby spaces: looked for within these distances first, then everywhere (each step is one
# more query: two at most keep the space page under 20).
NEARBY_STEPS_KM = (10.0,)
PRICE = {
    "max_digits": 8,
    "decimal_places": 2,
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(Decimal("0"))],
}


@register_snippet
class Amenity(Term):
    """A controlled vocabulary editors manage: wifi, meeting room, kitchen…"""

    name_en = models.CharField(
        _("name in English"),
        max_length=80,
        blank=True,
        help_text=_("Shown to English readers; search finds the space by both names."),
    )
    icon = models.CharField(
        _("icon"), max_length=16, blank=True, help_text=_("A short symbol shown beside the name.")
    )

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("icon")]

    class Meta(Term.Meta):
        verbose_name = _("amenity")
        verbose_name_plural = _("amenities")

    @property
    def label(self) -> str:
        """The name in the active language (the English one when there is one)."""
        english = (get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name


class SpaceIndexPage(IndexPage):
    subpage_types = ["community.SpacePage"]

    class Meta:
        verbose_name = _("space directory")


def degrees(name: str, bound: int) -> models.DecimalField:
    """A coordinate in degrees, to six decimals (about 10 cm), within ±bound."""
    limits = [MinValueValidator(Decimal(-bound)), MaxValueValidator(Decimal(bound))]
    return models.DecimalField(
        name, max_digits=9, decimal_places=6, null=True, blank=True, validators=limits
    )


phone_validator = RegexValidator(
    r"^\+?[0-9 ().-]{6,20}$", _("Enter a phone number: digits, spaces, an optional leading +.")
)


class SpacePage(VisitorPageMixin, Page):
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=80, default="Milano")
    neighbourhood = models.CharField(_("neighbourhood"), max_length=80, blank=True)
    address = models.CharField(_("street address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    latitude = degrees(_("latitude"), 90)
    longitude = degrees(_("longitude"), 180)
    description = RichTextField(_("description"), blank=True)
    amenities = ParentalManyToManyField(
        Amenity, blank=True, related_name="spaces", verbose_name=_("amenities")
    )
    desks = models.PositiveIntegerField(_("desks"), default=0)
    price_day = models.DecimalField(_("day pass (EUR)"), **PRICE)
    price_week = models.DecimalField(_("week (EUR)"), **PRICE)
    price_month = models.DecimalField(_("month (EUR)"), **PRICE)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    website = models.URLField(_("website"), blank=True)
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
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where"),
        ),
        FieldPanel("description"),
        InlinePanel("gallery_images", label=_("Photo gallery")),
        FieldPanel("amenities", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("desks"),
                FieldRowPanel(
                    [FieldPanel("price_day"), FieldPanel("price_week"), FieldPanel("price_month")]
                ),
            ],
            heading=_("Desks and prices"),
        ),
        InlinePanel("opening_hours", label=_("Opening hours")),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("website")],
            heading=_("Contact"),
        ),
        FieldPanel("hosts"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("tagline"),
        index.SearchField("description"),
        index.FilterField("city"),
        index.FilterField("neighbourhood"),
    ]
    parent_page_types = ["community.SpaceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("space")

    def clean(self) -> None:
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Latitude and longitude go together: fill both or neither."))

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def is_stale(self, today: datetime.date | None = None) -> bool:
        """Not confirmed by a host for STALE_AFTER_DAYS days (or never)."""
        if self.last_confirmed is None:
            return True
        today = today or timezone.localdate()
        return (today - self.last_confirmed).days > STALE_AFTER_DAYS

    def is_open_now(self, when: datetime.datetime | None = None) -> bool:
        return is_open_at(self.opening_hours.all(), when)

    def nearby(self, limit: int = 3) -> list[tuple[SpacePage, float]]:
        """The closest other visible spaces, with their distance in km (community/listings.py)."""
        from community.listings import nearby_spaces

        return nearby_spaces(self, limit)

    def get_context(self, request, *args, **kwargs):
        from community.forms import VisitRequestForm
        from forum.services import space_forum_threads

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("visit_form", VisitRequestForm())
        context["nearby_spaces"] = self.nearby()
        context["forum_block"] = space_forum_threads(self, request.user)
        context["hours"] = hours = list(self.opening_hours.all())
        # Each photo's image and each host's profile with them: no query per photo or host.
        context["photos"] = list(self.gallery_images.select_related("image"))
        context["hosts"] = list(self.hosts.select_related("person"))
        context["open_now"] = is_open_at(hours)
        if self.has_location:
            context["page_pin"] = [
                {
                    "title": self.title,
                    "url": self.url,
                    "neighbourhood": self.neighbourhood,
                    "lat": float(self.latitude),
                    "lon": float(self.longitude),
                }
            ]
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and not self.is_expired_now():
            from community.views import handle_visit_request

            return handle_visit_request(self, request)
        return super().serve(request, *args, **kwargs)


class SpaceGalleryImage(Orderable):
    page = ParentalKey(SpacePage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class OpeningHours(Orderable):
    """One weekday's slot. Closing at or before opening means the slot runs past midnight."""

    WEEKDAYS = [
        (0, _("Monday")),
        (1, _("Tuesday")),
        (2, _("Wednesday")),
        (3, _("Thursday")),
        (4, _("Friday")),
        (5, _("Saturday")),
        (6, _("Sunday")),
    ]
    page = ParentalKey(SpacePage, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    closed = models.BooleanField(_("closed all day"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]),
        FieldPanel("closed"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def clean(self) -> None:
        super().clean()
        if not self.closed and (self.opens is None or self.closes is None):
            raise ValidationError(_("Give both opening and closing times, or tick 'closed'."))
