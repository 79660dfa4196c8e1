"""A shared fact is read once per request, and never kept outside one."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from tavolone.lib.page_access import restrictions


def restriction_reads(queries) -> int:
    return sum('FROM "wagtailcore_pageviewrestriction"' in q["sql"] for q in queries)


def test_the_home_page_reads_the_view_restrictions_once_with_nothing_kept(client, demo, settings):
    settings.SITE_CACHE, settings.SITE_CACHE_DATA = False, False  # four of its blocks ask
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert restriction_reads(queries.captured_queries) == 1
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert restriction_reads(queries.captured_queries) == 1  # a new request reads again


def test_outside_a_request_a_new_restriction_is_seen_at_once(demo):
    assert restrictions() == []
    page = Page.objects.get(depth=2)
    PageViewRestriction.objects.create(page=page, restriction_type="login")

    assert [path for _, _, path in restrictions()] == [page.path]
