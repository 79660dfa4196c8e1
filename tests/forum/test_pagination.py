"""machina's pagination, its numbers chosen in Python (forum_links' page_links): the same links."""

import re

import pytest

from .conftest import topic_url
from .factories import PostFactory, TopicFactory


@pytest.fixture
def long_topic(db):
    topic = TopicFactory()  # 15 posts a page: 8 pages
    PostFactory.create_batch(119, topic=topic)
    return topic


def links(client, url) -> list[str]:
    html = client.get(url).content.decode()
    pagination = html.split('<ul class="m-0 pagination', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]*)" class="page-link">', pagination)


def test_the_first_page_links_the_next_pages_and_the_last(client, long_topic):
    expected = ["", "?page=1", "?page=2", "?page=3", "?page=4", "?page=5", ""]
    assert links(client, topic_url(long_topic)) == [*expected, "?page=8", "?page=2"]


def test_a_middle_page_links_its_neighbours_between_the_ends(client, long_topic):
    pages = [f"?page={n}" for n in (3, 1, 2, 3, 4, 5, 6)]
    assert links(client, topic_url(long_topic) + "?page=4") == [*pages, "", "?page=8", "?page=5"]
    pages = [f"?page={n}" for n in (4, 1)]
    assert links(client, topic_url(long_topic) + "?page=5")[:3] == [*pages, "#"]
