"""Every login entry point shares one lockout (django-axes), per trusted client address and per
the name Django actually logs in; the lockout page tells nobody whether an account exists."""

import re

import pytest
from django.test import Client
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site

PASSWORD = "pw-giusta-123"
LOGIN_FORMS = ["/accounts/login/", "/django-admin/login/"]


@pytest.fixture
def marco(django_user_model):
    return django_user_model.objects.create_user("marco", "m@example.org", PASSWORD, is_staff=True)


def log_in(client, name, password=PASSWORD, url="/accounts/login/"):
    return client.post(url, {"username": name, "password": password})


def fail(client, name, times, url="/accounts/login/"):
    for _ in range(times):
        log_in(client, name, "sbagliata", url)


@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_every_login_form_pauses_a_name_after_five_wrong_passwords(client, marco, url):
    fail(client, "marco", 5, url)
    response = log_in(client, "marco", url=url)
    assert response.status_code == 429
    assert "Troppi accessi non riusciti" in response.content.decode()
    assert not client.get("/").context["user"].is_authenticated


def test_wrong_passwords_on_one_login_form_count_on_the_others(client, marco):
    fail(client, "marco", 3, "/django-admin/login/")
    fail(client, "marco", 2, "/accounts/login/")
    assert log_in(client, "marco").status_code == 429


@pytest.mark.parametrize("look_alike", ["ｍａｒｃｏ", "ｍarco", "MARCO", "Marco"])
def test_look_alike_spellings_spend_the_budget_of_the_name_they_log_in_as(
    client, marco, look_alike
):
    fail(client, look_alike, 5)
    assert log_in(client, "marco").status_code == 429


def test_the_wagtail_admin_login_page_sends_visitors_to_the_one_site_login(client, db):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/admin/pages/"


def test_one_password_sprayed_over_many_names_is_paused(client, marco, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 8
    for n in range(8):
        log_in(client, f"socio{n}", "Estate2026!")
    assert log_in(client, "marco").status_code == 429


def test_the_lockout_page_is_the_same_for_a_member_and_for_a_name_nobody_has(marco):
    known, unknown = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    fail(known, "marco", 4)
    fail(unknown, "nessuno", 4)
    pages = [log_in(known, "marco", "x"), log_in(unknown, "nessuno", "x")]
    assert [page.status_code for page in pages] == [429, 429]
    texts = [re.sub(r'value="[^"]+"', "", page.content.decode()) for page in pages]
    assert texts[0] == texts[1] and "marco" not in texts[0]


def test_a_paused_name_still_logs_in_from_another_address(marco):
    fail(Client(REMOTE_ADDR="10.0.0.1"), "marco", 5)
    assert log_in(Client(REMOTE_ADDR="10.0.0.2"), "marco").status_code == 302


def test_a_good_login_clears_that_names_failures(client, marco):
    fail(client, "marco", 4)
    assert log_in(client, "marco").status_code == 302
    client.post("/accounts/logout/")
    fail(client, "marco", 4)
    assert log_in(client, "marco").status_code == 302


def test_wagtails_front_end_login_page_sends_visitors_to_the_one_site_login(client, db):
    response = client.get("/_util/login/?next=/spazi/")
    assert (response.status_code, response.url) == (302, "/accounts/login/?next=/spazi/")


def test_guessing_a_protected_pages_password_is_paused(client, db, settings):
    settings.RATE_LIMIT_PAGE_PASSWORDS = "3/h"
    page = Site.objects.get(is_default_site=True).root_page
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="segreto"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    answers = [client.post(url, {"password": p, "return_url": "/"}) for p in ("a", "b", "c")]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert client.post(url, {"password": "segreto", "return_url": "/"}).status_code == 429


def test_guessing_a_protected_document_collections_password_is_paused(client, db, settings):
    settings.RATE_LIMIT_PAGE_PASSWORDS = "3/h"
    restriction = CollectionViewRestriction.objects.create(
        collection=Collection.get_first_root_node(),
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="segreto",
    )
    url = f"/documents/authenticate_with_password/{restriction.pk}/"
    for guess in ("a", "b", "c"):
        assert client.post(url, {"password": guess, "return_url": "/"}).status_code == 200
    assert client.post(url, {"password": "segreto", "return_url": "/"}).status_code == 429
