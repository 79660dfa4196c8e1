from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from tavolone.lib.page_access import CachedViewRestrictionsMixin, routed_page
from tavolone.pagecache.fragments import Fragment
from tavolone.pagecache.policy import FORUM, NEWS, SPACES


class HomePage(CachedViewRestrictionsMixin, Page):
    """The network's home page: the root of the site's tree."""

    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("body"),
        InlinePanel("featured_space_items", label=_("Featured spaces"), max_num=6),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        # The site's root: the page at the path in two queries, not two per level of the tree.
        page = routed_page(self, path_components) if path_components else None
        if page is not None:
            return page.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Cross-app calls go through each app's `services` module, never its internals.
        from community.services import home_blocks
        from forum.services import latest_threads_listing

        # The blocks are the same for every viewer, the threads for every viewer who reads the
        # same forums and pages: both kept rendered (pagecache/fragments.py) under the tags of
        # what they show, and read here only when a fragment is rendered anew.
        blocks = context["blocks"] = SimpleLazyObject(lambda: home_blocks(request, home=self))
        for name in ("featured_spaces", "map_points", "latest_news"):  # (as they were named)
            context[name] = SimpleLazyObject(lambda name=name: blocks[name])
        own = f"page:{self.pk}"
        context["blocks_fragment"] = Fragment(f"home-blocks:{self.pk}", (own, SPACES, NEWS), 60)
        audience, threads = latest_threads_listing(request.user, limit=5)
        context["latest_threads"] = SimpleLazyObject(threads)
        context["threads_fragment"] = Fragment(
            f"home-threads:{self.pk}:{audience}", (FORUM, NEWS, SPACES), 60
        )
        return context


class HomeFeaturedSpace(Orderable):
    """A space the editors put on the home page (topped up alphabetically to six)."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_space_items")
    space = models.ForeignKey(
        "community.SpacePage",
        on_delete=models.CASCADE,
        related_name="home_features",
        verbose_name=_("space"),
    )

    panels = [FieldPanel("space")]


class WorkerHeartbeat(models.Model):
    """When a background worker last finished a tick: the health check reads it.

    In the database rather than the cache, which is per process by default (locmem)."""

    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
