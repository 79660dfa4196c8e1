"""Visit requests in the admin: a space manager reaches their own space's requests only, on
every snippet view (list, inspect, chooser, edit, delete, history, usage, copy, exports)."""

import pytest
from django.urls import URLResolver, get_resolver

from community.models import VisitRequest
from tests.community.roles_fixtures import login


@pytest.fixture
def requests_ab(tree):
    mine = VisitRequest.objects.create(
        space=tree["a"], name="Lucia Per-A", email="lucia@example.org", message="ciao"
    )
    other = VisitRequest.objects.create(
        space=tree["b"], name="Marta Per-B", email="marta@example.org", message="ciao"
    )
    return mine, other


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        else:
            yield "/" + prefix + str(pattern.pattern)


def visit_request_urls(pk):
    """Every admin URL of the visit request snippet (found by walking the URL resolver)."""
    urls = [r.replace("<int:pk>", str(pk)).replace("<str:pk>", str(pk)) for r in _routes()]
    urls = [u for u in urls if "visitrequest" in u]
    return (
        urls
        + [f"/admin/snippets/community/visitrequest/?export={fmt}" for fmt in ("csv", "xlsx")]
        + [
            f"/admin/snippets/choose/community/visitrequest/chosen-multiple/?id={pk}",
            "/admin/snippets/choose/community/visitrequest/results/?q=Per",
        ]
    )


def _leaks(response):
    if response.status_code != 200:
        return False
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return b"Marta" in body or b"marta@" in body


def test_a_space_manager_reaches_no_other_spaces_visit_request_anywhere(
    client, manager_a, requests_ab
):
    other = requests_ab[1]
    login(client, manager_a)
    leaks = [url for url in visit_request_urls(other.pk) if _leaks(client.get(url))]
    assert leaks == []
    assert client.post(
        f"/admin/snippets/community/visitrequest/delete/{other.pk}/"
    ).status_code in (302, 403, 404)
    assert VisitRequest.objects.filter(pk=other.pk).exists()


def test_a_space_manager_chooses_among_their_own_spaces_requests(client, manager_a, requests_ab):
    login(client, manager_a)
    response = client.get("/admin/snippets/choose/community/visitrequest/")
    html = response.content.decode()
    assert response.status_code == 200 and "Lucia Per-A" in html and "Marta" not in html


def test_an_admin_chooses_among_every_spaces_requests(client, admin_user, requests_ab):
    login(client, admin_user)
    html = client.get("/admin/snippets/choose/community/visitrequest/").content.decode()
    assert "Lucia Per-A" in html and "Marta Per-B" in html
