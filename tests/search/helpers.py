"""Content builders for the search tests: real pages and real machina topics."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from machina.core.db.models import get_model
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from community.models import NewsIndexPage, NewsPage, SpaceIndexPage, SpacePage
from forum import boards
from tavolone.home.demo import ensure_home

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
SECRETS = {
    "draft": "zorblaxdraft",
    "private_page": "quibbleprivate",
    "unapproved": "frumpunapproved",
    "private_forum": "gloxhostonly",
}


def indexes():
    home = ensure_home()
    spaces = SpaceIndexPage.objects.first() or home.add_child(
        instance=SpaceIndexPage(title="Spazi", slug="spazi")
    )
    news = NewsIndexPage.objects.first() or home.add_child(
        instance=NewsIndexPage(title="News", slug="news")
    )
    return spaces, news


def space(title, city="Milano", lat=None, lon=None, description="", neighbourhood="", live=True):
    spaces, _ = indexes()
    page = SpacePage(
        title=title,
        city=city,
        neighbourhood=neighbourhood,
        description=description,
        latitude=Decimal(str(lat)) if lat is not None else None,
        longitude=Decimal(str(lon)) if lon is not None else None,
        live=live,
    )
    spaces.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


def news(title, body="", date=None, intro="", live=True):
    _, index = indexes()
    page = NewsPage(
        title=title,
        intro=intro,
        body=[("paragraph", RichText(body))] if body else [],
        date=date or timezone.localdate(),
        live=live,
    )
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


def public_forum():
    return Forum.objects.get(board_key=boards.NETWORK_FORUMS[3][0])


def private_forum():
    return Forum.objects.get(board_key=boards.HOST_SLUG)


def poster():
    user, _ = get_user_model().objects.get_or_create(
        username="poster", defaults={"email": "poster@example.org"}
    )
    return user


def topic(subject, content, forum=None, approved=True, replies=(), when=None):
    forum = forum or public_forum()
    t = Topic.objects.create(
        forum=forum, subject=subject, poster=poster(), type=0, status=0, approved=approved
    )
    for i, text in enumerate([content, *replies]):
        Post.objects.create(
            topic=t, poster=poster(), subject=subject if i == 0 else f"Re: {subject}",
            content=text, approved=approved,
        )  # fmt: skip
    if when:
        Topic.objects.filter(pk=t.pk).update(last_post_on=when, created=when)
    return Topic.objects.get(pk=t.pk)


def build_network() -> dict:
    """A small network: located spaces, dated news, threads, and four planted secrets."""
    data = {
        "lambrate": space(
            "Officina Lambrate", lat=45.4847, lon=9.2365, neighbourhood="Lambrate",
            description="<p>Scrivanie luminose vicino alla stazione, sala riunioni.</p>",
        ),
        "isola": space(
            "Isola Coworking", lat=45.4870, lon=9.1895, neighbourhood="Isola",
            description="<p>Uno spazio per freelance con caffetteria e giardino.</p>",
        ),
        "torino": space(
            "Tavolo Torino", city="Torino", lat=45.0703, lon=7.6869,
            description="<p>La città della Mole: postazioni flessibili.</p>",
        ),
        "news": news(
            "Nuove scrivanie all'Università", body="<p>Apriamo cinquanta postazioni.</p>",
            date=datetime.date(2026, 3, 1),
        ),
        "old_news": news(
            "Scrivanie in offerta", body="<p>Sconti sulle postazioni.</p>",
            date=datetime.date(2019, 3, 1),
        ),
        "thread": topic(
            "Come si fattura una consulenza?",
            "Devo emettere la prima fattura per una consulenza: quale regime fiscale?",
            replies=["Con il forfettario la fatturazione è semplice."],
        ),
    }  # fmt: skip
    # The secrets: a draft, a private page, an unapproved post, a post in the private forum.
    data["draft"] = news(f"Bozza {SECRETS['draft']}", body=f"<p>{SECRETS['draft']}</p>", live=False)
    private = news(f"Riservata {SECRETS['private_page']}", body=f"<p>{SECRETS['private_page']}</p>")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    data["private_page"] = private
    data["unapproved"] = topic(
        f"Attesa {SECRETS['unapproved']}", f"Testo {SECRETS['unapproved']}", approved=False
    )
    data["private_forum"] = topic(
        f"Host {SECRETS['private_forum']}", f"Solo host {SECRETS['private_forum']}",
        forum=private_forum(),
    )  # fmt: skip
    return data
