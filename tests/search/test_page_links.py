"""Every facet, sort, suggestion and pagination link of /cerca/ keeps the query when followed."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.search import helpers

pytestmark = pytest.mark.django_db


def _query_links(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="(\?[^"]*)"', page)]


def test_following_any_facet_sort_or_page_link_keeps_the_query(client, network, settle):
    for i in range(12):
        helpers.topic(f"Scrivanie numero {i}", "Scrivanie del terzo piano")
    settle()
    links = _query_links(client.get("/cerca/", {"q": "scrivanie"}).content.decode())
    assert len(links) >= 4  # facets, a sort, the next page
    for link in links:
        assert not link.startswith("??"), link
        assert parse_qs(urlsplit(link).query)["q"] == ["scrivanie"], link
        followed = client.get("/cerca/" + link)
        assert followed.status_code == 200
        assert 'value="scrivanie"' in followed.content.decode(), link
