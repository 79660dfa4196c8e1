"""The CMS side of the network: spaces and news as Wagtail pages, amenities (visit requests:
community/visits.py)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from community.blocks import NewsBodyBlock
from community.hours import is_open_at
from community.reports import OutdatedReport  # noqa: F401 (its own module, registered here)
from community.visits import VisitRequest  # noqa: F401 (its own module; imported to register it)
from tavolone.lib.page_access import CachedViewRestrictionsMixin, public_q

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


def visible(queryset: PageQuerySet | Iterable) -> PageQuerySet:
    """What a visitor may see: live, not behind a view restriction, not past its expiry.

    The expiry check covers the minutes between `expire_at` and the scheduler unpublishing it.
    A page built from a revision (previews, "view draft") holds its relations as modelcluster
    FakeQuerySets, which have no PageQuerySet methods: the same pages are read back as one.
    """
    if not isinstance(queryset, PageQuerySet):
        queryset = queryset.model.objects.filter(pk__in=[page.pk for page in queryset])
    return queryset.live().filter(public_q()).exclude(expire_at__lte=timezone.now())


class VisitorPageMixin(CachedViewRestrictionsMixin):
    """Pages past their expiry answer 404 even before the scheduler unpublishes them."""

    def is_expired_now(self) -> bool:
        return self.expire_at is not None and self.expire_at <= timezone.now()

    def serve(self, request, *args, **kwargs):
        if self.is_expired_now() and not getattr(request, "is_preview", False):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        return [] if self.is_expired_now() else super().get_sitemap_urls(request)


@register_snippet
class Amenity(models.Model):
    """A controlled vocabulary editors manage: wifi, meeting room, kitchen…"""

    name = models.CharField(_("name"), max_length=80, unique=True)
    name_en = models.CharField(
        _("name in English"),
        max_length=80,
        blank=True,
        help_text=_("Shown to English readers; search finds the space by both names."),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    icon = models.CharField(
        _("icon"), max_length=16, blank=True, help_text=_("A short symbol shown beside the name.")
    )

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("icon")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("amenity")
        verbose_name_plural = _("amenities")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name in the active language (the English one when there is one)."""
        english = (get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name


class SpaceIndexPage(VisitorPageMixin, Page):
    intro = RichTextField(_("intro"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["community.SpacePage"]
    max_count = 1

    class Meta:
        verbose_name = _("space directory")

    def get_context(self, request, *args, **kwargs):
        from community.listings import space_directory

        context = super().get_context(request, *args, **kwargs)
        context.update(space_directory(self, request))
        return context


phone_validator = RegexValidator(
    r"^\+?[0-9 ().-]{6,20}$", _("Enter a phone number: digits, spaces, an optional leading +.")
)


class SpacePage(VisitorPageMixin, Page):
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


class NewsIndexPage(VisitorPageMixin, Page):
    intro = RichTextField(_("intro"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["community.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from community.listings import news_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(news_listing(self, request))
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "community.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(VisitorPageMixin, Page):
    date = models.DateField(_("date"), default=timezone.localdate)  # a new article: today
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    author_name = models.CharField(
        _("author name"),
        max_length=120,
        blank=True,
        help_text=_("Shown instead of the author's account name, e.g. for a guest writer."),
    )
    intro = models.TextField(_("intro"), blank=True)
    body = StreamField(NewsBodyBlock(), blank=True, verbose_name=_("body"))
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True)
    related_spaces = ParentalManyToManyField(
        SpacePage, blank=True, related_name="news_articles", verbose_name=_("related spaces")
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("author"), FieldPanel("author_name")]),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("related_spaces", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["community.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news article")
        ordering = ["-date"]
        # Newest first without sorting every article (the index, the home page, feeds).
        indexes = [models.Index(fields=["date", "page_ptr"], name="news_by_date")]

    route_select_related = ("author",)  # its byline (tavolone/lib/page_access.routed_page)

    @property
    def byline(self) -> str:
        if self.author_name:
            return self.author_name
        if self.author_id:
            return self.author.get_full_name() or self.author.get_username()
        return ""

    @property
    def summary(self) -> str:
        return self.search_description or Truncator(self.intro).chars(200)

    def serve(self, request, *args, **kwargs):
        """A comment sent from the article's comment box (forum/comments.py) is answered by a
        redirect back to the article, or the article again with the form and its errors."""
        if request.method == "POST" and not self.is_expired_now():
            from forum.services import post_comment

            answer = post_comment(self, request)
            if answer is not None:
                return answer
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from forum.services import news_discussion

        context = super().get_context(request, *args, **kwargs)
        from community.listings import with_cards

        # The index's URL for the tag links: the parent of a page is at its URL minus its slug.
        url = self.get_url(request) or ""
        context["index_url"] = (
            url[: -len(self.slug) - 1]
            if url.endswith(f"/{self.slug}/")
            else self.get_parent().get_url(request)
        )
        context["related"] = with_cards(visible(self.related_spaces.all()).order_by("title"))
        form = getattr(request, "comment_form", None)
        context["discussion"] = news_discussion(self, request.user, form=form)
        return context
