"""Visitors never see drafts, private or expired pages, on any CMS surface."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.community.factories import NewsPageFactory, SpacePageFactory

HIDDEN = (
    "Spazio Bozza",
    "Spazio Riservato",
    "Spazio Scaduto",
    "News Bozza",
    "News Riservata",
    "News Scaduta",
)


@pytest.fixture
def hidden(cms_tree):
    spaces, news = cms_tree.spaces, cms_tree.news
    past = timezone.now() - datetime.timedelta(minutes=5)
    shown = SpacePageFactory(parent=spaces, title="Spazio Pubblico", slug="pubblico")
    pages = {
        "draft space": SpacePageFactory(
            parent=spaces, title="Spazio Bozza", slug="bozza", live=False
        ),
        "private space": SpacePageFactory(
            parent=spaces, title="Spazio Riservato", slug="riservato"
        ),
        "expired space": SpacePageFactory(
            parent=spaces, title="Spazio Scaduto", slug="scaduto", expire_at=past
        ),
        "draft news": NewsPageFactory(parent=news, title="News Bozza", slug="bozza", live=False),
        "private news": NewsPageFactory(parent=news, title="News Riservata", slug="riservata"),
        "expired news": NewsPageFactory(
            parent=news, title="News Scaduta", slug="scaduta", expire_at=past
        ),
    }
    for key in ("private space", "private news"):
        PageViewRestriction.objects.create(page=pages[key], restriction_type="login")
    article = NewsPageFactory(parent=news, title="News Pubblica", slug="pubblica")
    article.related_spaces = [
        shown,
        pages["draft space"],
        pages["private space"],
        pages["expired space"],
    ]
    article.save()
    return pages


@pytest.mark.parametrize(
    "url", ["/", "/spazi/", "/spazi/?view=map", "/news/", "/spazi/pubblico/", "/news/pubblica/"]
)
def test_listings_home_blocks_maps_nearby_and_related_show_no_hidden_page(client, hidden, url):
    html = client.get(url).content.decode()
    assert "Spazio Pubblico" in html or "News Pubblica" in html
    assert not [title for title in HIDDEN if title in html]


@pytest.mark.parametrize(
    "key, status",
    [("draft space", 404), ("expired space", 404), ("draft news", 404), ("expired news", 404)],
)
def test_hidden_pages_answer_not_found(client, hidden, key, status):
    assert (
        client.get(f"/{'spazi' if 'space' in key else 'news'}/{hidden[key].slug}/").status_code
        == status
    )


@pytest.mark.parametrize("url", ["/spazi/riservato/", "/news/riservata/"])
def test_private_pages_ask_visitors_to_log_in(client, hidden, url):
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_logged_in_coworker_reads_a_page_restricted_to_logged_in_users(coworker_client, hidden):
    assert coworker_client.get("/news/riservata/").status_code == 200
