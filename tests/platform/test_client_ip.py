"""Per-visitor limits key on the trusted client address: REMOTE_ADDR without a proxy, the
right-most X-Forwarded-For entry behind the one reverse proxy of docs/deploy.md."""

import pytest
from django.test import Client

PROXY = "127.0.0.1"


@pytest.fixture
def marco(django_user_model):
    return django_user_model.objects.create_user("marco", "m@example.org", "pw-giusta-123")


def fail_login(client, **headers):
    return client.post("/accounts/login/", {"username": "marco", "password": "no"}, **headers)


def log_in(client, **headers):
    data = {"username": "marco", "password": "pw-giusta-123"}
    return client.post("/accounts/login/", data, **headers)


def test_without_a_trusted_proxy_a_forged_x_forwarded_for_is_ignored(client, marco, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        fail_login(client, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert log_in(client, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_behind_one_proxy_one_visitor_cannot_lock_out_the_others(marco, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR=PROXY)
    for _ in range(5):
        fail_login(proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert log_in(proxy, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert log_in(Client(REMOTE_ADDR=PROXY), HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 302


def test_behind_one_proxy_forged_left_entries_do_not_give_a_fresh_budget(marco, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR=PROXY)
    for n in range(5):
        fail_login(proxy, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.5")
    assert log_in(proxy, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5").status_code == 429


def test_rate_limits_follow_the_same_address(db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMIT_PASSWORD_RESETS = "2/h"
    proxy = Client(REMOTE_ADDR=PROXY)
    reset = {"email": "chiunque@example.org"}
    for n in range(2):
        forged = f"1.1.1.{n}, 203.0.113.5"
        proxy.post("/accounts/password_reset/", reset, HTTP_X_FORWARDED_FOR=forged)
    spent = proxy.post("/accounts/password_reset/", reset, HTTP_X_FORWARDED_FOR="203.0.113.5")
    other = proxy.post("/accounts/password_reset/", reset, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert (spent.status_code, other.status_code) == (429, 302)


def test_ipv6_visitors_are_counted_per_64_network(db, settings):
    settings.RATE_LIMIT_PASSWORD_RESETS = "2/h"
    reset = {"email": "chiunque@example.org"}
    for n in range(2):
        Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1}").post("/accounts/password_reset/", reset)
    neighbour = Client(REMOTE_ADDR="2001:db8:1:2::ff").post("/accounts/password_reset/", reset)
    elsewhere = Client(REMOTE_ADDR="2001:db8:1:3::1").post("/accounts/password_reset/", reset)
    assert (neighbour.status_code, elsewhere.status_code) == (429, 302)


@pytest.mark.parametrize("header", ["", "garbage", "unknown, _hidden", "1.2.3.4:80, [::1]"])
def test_a_malformed_x_forwarded_for_gets_an_answer_not_an_error(marco, settings, header):
    settings.TRUSTED_PROXY_COUNT = 1
    response = fail_login(Client(REMOTE_ADDR=PROXY), HTTP_X_FORWARDED_FOR=header)
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_behind_two_proxies_the_visitor_is_the_second_entry_from_the_right(marco, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    proxy = Client(REMOTE_ADDR=PROXY)
    for n in range(5):
        fail_login(proxy, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.5, 10.0.0.{n}")
    assert log_in(proxy, HTTP_X_FORWARDED_FOR="203.0.113.5, 10.0.0.9").status_code == 429
    assert log_in(proxy, HTTP_X_FORWARDED_FOR="203.0.113.6, 10.0.0.1").status_code == 302
