"""A space page is shared like the others: its "book a visit" form gets its CSRF token from a
small fetch when used, and Django's CSRF check still refuses a post without one."""

import pytest
from django.test import Client
from django.urls import reverse

from community.models import VisitRequest

VISIT = {"name": "Lucia Verdi", "email": "lucia@example.org", "message": "Posso venire?"}


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)  # as a browser: the token is checked


def test_a_space_page_sets_no_cookie_and_is_public(client, space_url):
    response = client.get(space_url)
    html = response.content.decode()
    assert not response.cookies and response["Cache-Control"].startswith("public")
    assert "csrfmiddlewaretoken" not in html
    assert f'data-token-url="{reverse("form_token")}"' in html and "js/form-token.js" in html


def test_a_space_page_is_served_from_the_site_cache_the_second_time(client, space_url):
    client.get(space_url)
    assert client.get(space_url)["X-Site-Cache"] == "hit"


def test_the_token_is_fetched_privately_and_books_the_visit(strict_client, space_url):
    strict_client.get(space_url)
    answer = strict_client.get(reverse("form_token"))
    assert {"private", "no-store"} <= set(answer["Cache-Control"].split(", "))
    data = {**VISIT, "csrfmiddlewaretoken": answer.json()["token"]}
    response = strict_client.post(space_url, data)
    assert response.status_code == 302 and response["Location"].endswith("#visit")
    assert VisitRequest.objects.get().name == "Lucia Verdi"


def test_a_post_without_the_token_is_refused_and_says_why(strict_client, space_url):
    strict_client.get(space_url)
    response = strict_client.post(space_url, VISIT)
    assert response.status_code == 403 and not VisitRequest.objects.exists()
    assert "JavaScript" in response.content.decode() or "JavaScript" in str(response.content)


def test_a_forged_token_is_refused(strict_client, space_url):
    strict_client.get(reverse("form_token"))  # the visitor's own cookie
    forged = {**VISIT, "csrfmiddlewaretoken": "x" * 64}
    assert strict_client.post(space_url, forged).status_code == 403
    assert not VisitRequest.objects.exists()


def test_reporting_outdated_data_uses_the_fetched_token_too(strict_client, space_url):
    from community.models import SpacePage

    space = SpacePage.objects.get(url_path__endswith=space_url.rstrip("/").rsplit("/")[-1] + "/")
    report = reverse("space_report_outdated", args=[space.pk])
    assert strict_client.post(report, {"message": "Orari cambiati"}).status_code == 403
    token = strict_client.get(reverse("form_token")).json()["token"]
    answer = strict_client.post(report, {"message": "Orari cambiati", "csrfmiddlewaretoken": token})
    assert answer.status_code in (200, 302)
