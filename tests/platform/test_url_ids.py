"""Ids in URLs: every route (ours, machina's, Wagtail's) answers an id no row can have with a 4xx,
never a server error. The routes are found by walking the URL resolver, so new ones are covered."""

import re

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import URLResolver, get_resolver

from tavolone.urlids import MAX_ID, parse_id

PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")
IMPOSSIBLE = ["abc", "0", str(2**31), str(2**63)]  # text, "none", past int4, past int8


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        text = str(pattern.pattern).replace("^", "").replace("$", "").replace("\\Z", "")
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + text)
        else:
            yield prefix + text


def _is_id(name):
    return name in ("id", "pk") or name.endswith(("_id", "_pk"))


def urls_with_id(value):
    """Every route with an id parameter, that id set to `value` (other parameters: "x" or 1)."""
    urls = set()
    for route in _routes():
        names = [m.group(2) or m.group(3) for m in PARAM.finditer(route)]
        if any(_is_id(name) for name in names):

            def fill(m):
                name, converter = m.group(2) or m.group(3), m.group(1)
                return value if _is_id(name) else ("1" if converter == "int" else "x")

            urls.add("/" + PARAM.sub(fill, route))
    return sorted(urls)


def _answer(client, method, url):
    """The status of one request, in a savepoint of its own: on PostgreSQL a request that leaves
    the transaction broken is named here, with the query that broke it, instead of failing every
    request after it."""
    failed = []

    def record(execute, sql, params, many, context):
        try:
            return execute(sql, params, many, context)
        except DatabaseError as exc:
            failed.append(f"{exc} in {sql} {params}")
            raise

    try:
        with connection.execute_wrapper(record), transaction.atomic():
            return getattr(client, method)(url).status_code
    except DatabaseError as exc:
        return f"left the database transaction broken: {exc}; first failed query: {failed[:1]}"


def server_errors(client, value):
    client.raise_request_exception = False
    return [
        (method, url, status)
        for url in urls_with_id(value)
        for method in ("get", "post")
        if not isinstance(status := _answer(client, method, url), int) or status >= 500
    ]


def test_the_route_walk_finds_ours_and_machinas_id_urls(db):
    urls = urls_with_id("7")
    assert "/spazi/dati/7/conferma/" in urls and "/forum/member/profile/7/posts/" in urls
    assert "/forum/tracking/mark/forum/7/topics/" in urls and len(urls) > 100


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_no_route_answers_an_impossible_id_with_a_server_error(client, admin_user, value):
    client.force_login(admin_user)  # the widest reach: every admin view resolves its id
    assert server_errors(client, value) == []


def test_no_route_answers_an_unknown_id_with_a_server_error(client, admin_user):
    assert server_errors(client, "999999") == []  # anonymous: permission checks read ids first
    client.force_login(admin_user)
    assert server_errors(client, "999999") == []


@pytest.mark.parametrize(
    "url",
    [
        "/spazi/dati/99999999999999999999/conferma/",
        "/spazi/dati/9223372036854775808/segnala/",
        "/forum/member/profile/abc/",
        "/forum/member/profile/1.5/posts/",
        "/forum/tracking/mark/forum/999999/topics/",
    ],
)
def test_the_reported_urls_answer_a_clear_404(coworker_client, url):
    coworker_client.raise_request_exception = False
    for response in (coworker_client.get(url), coworker_client.post(url)):
        assert response.status_code in (404, 405)
    assert "Page not found" in coworker_client.get(url).content.decode() or "trovata" in (
        coworker_client.get(url).content.decode()
    )


@pytest.mark.parametrize(
    "value, expected",
    [("42", 42), (42, 42), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("0", None)]
    + [("-1", None), ("4e2", None), ("٤٢", None), (" 42", None), (True, None), (None, None)],
)
def test_an_id_is_a_positive_integer_a_column_can_hold(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize(
    "chooser", ["images/chooser", "documents/chooser", "snippets/choose/community/amenity"]
)
@pytest.mark.parametrize("ids", ["id=abc", "id=1&id=99999999999999999999", "id=0"])
def test_a_chooser_given_ids_that_are_no_ids_answers_400(client, admin_user, chooser, ids):
    client.raise_request_exception = False
    client.force_login(admin_user)
    assert client.get(f"/admin/{chooser}/chosen-multiple/?{ids}").status_code == 400
