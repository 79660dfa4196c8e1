"""What community's pages share: what a visitor may see of them (live, public, not past their
expiry) and the index page each listing hangs from."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageQuerySet

from tavolone.lib.page_access import CachedViewRestrictionsMixin, public_q


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


class IndexPage(VisitorPageMixin, Page):
    """The one index of a page type (the space directory, the news): an intro, then the
    visitor's listing (community/listings.py: index_listing)."""

    intro = RichTextField(_("intro"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from community.listings import index_listing  # (listings reads the page models)

        context = super().get_context(request, *args, **kwargs)
        context.update(index_listing(self, request))
        return context
