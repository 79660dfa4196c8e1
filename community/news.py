"""Network news: the news index and its articles (tags, related spaces, a forum discussion)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from community.blocks import NewsBodyBlock
from community.pages import IndexPage, VisitorPageMixin, visible
from tavolone.pagecache.fragments import Fragment
from tavolone.pagecache.policy import SPACES


class NewsIndexPage(IndexPage):
    subpage_types = ["community.NewsPage"]

    class Meta:
        verbose_name = _("news index")


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
        "community.SpacePage",
        blank=True,
        related_name="news_articles",
        verbose_name=_("related spaces"),
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
        context["related"] = SimpleLazyObject(
            lambda: list(with_cards(visible(self.related_spaces.all()).order_by("title")))
        )
        # The article and its related spaces are the same for every reader of the page: kept
        # rendered under its own tag (publishing, its discussion) and the spaces' (their cards),
        # as long as a shared cache may keep the page (pagecache/policy.py).
        context["article_fragment"] = Fragment(
            f"article:{self.pk}", (f"page:{self.pk}", SPACES), 300
        )
        form = getattr(request, "comment_form", None)
        if request.user.is_authenticated or form is not None:  # their own replies and form
            context["discussion"] = news_discussion(self, request.user, form=form)
        else:  # the same for every visitor: read only when its fragment is rendered anew
            context["discussion"] = SimpleLazyObject(lambda: news_discussion(self, request.user))
            context["discussion_fragment"] = Fragment(
                f"article-discussion:{self.pk}:visitors", (f"page:{self.pk}",), 300
            )
        return context
