"""Community's pages → forum: a space gets a forum, a news article a discussion topic.

Wagtail sends page_published also when a revision is only scheduled (go-live ahead, the page
not live yet): the forum follows the page's state, not the signal's name. What happens when a
page is unpublished, deleted, moved or restricted needs no page type: forum/receivers.py.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.signals import page_published

from community.models import NewsPage, SpacePage
from forum import services as forum


def sync_forum(page: Page) -> None:
    """Bring what the forum shows of `page` in line with it (a no-op for other page types)."""
    page = page.specific
    if isinstance(page, SpacePage):
        description = page.tagline or strip_tags(page.description)[:300]
        forum.ensure_space_forum(
            page, name=page.title, description=description, hosts=page.hosts.all()
        )
    elif isinstance(page, NewsPage):
        forum.ensure_news_topic(page, intro=page.intro)


@receiver(page_published, sender=SpacePage)
@receiver(page_published, sender=NewsPage)
def on_page_published(sender, instance, **kwargs):
    sync_forum(instance)
