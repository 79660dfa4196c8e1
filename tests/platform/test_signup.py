"""Sign-up confirms the address, tells nobody which addresses have an account, refuses names
that imitate a member's; sign-up and password reset are limited per connection."""

import re

import pytest
from django.core import mail
from django.test import Client

PASSWORD = "tavolo-lungo-42"


def sign_up(client, username="nuova", email=None):
    form = {"username": username, "email": email or f"{username}@example.org"}
    return client.post("/accounts/signup/", form | {"password1": PASSWORD, "password2": PASSWORD})


def confirmation_path(message):
    return re.search(r"/accounts/confirm/\S+", message.body).group()


def test_a_taken_address_gets_the_same_answer_as_a_new_one_and_its_owner_is_told(
    coworker, django_user_model
):
    new, taken = sign_up(Client(), "nuova"), sign_up(Client(), "furba", "Coworker@example.org")
    assert (
        (new.status_code, new.url)
        == (taken.status_code, taken.url)
        == (302, "/accounts/signup/done/")
    )
    assert not django_user_model.objects.filter(username="furba").exists()
    owner_mail = next(m for m in mail.outbox if m.to == ["coworker@example.org"])
    assert "coworker" in owner_mail.body and "/accounts/confirm/" not in owner_mail.body


def test_the_confirmation_link_works_once(client, db):
    sign_up(client)
    path = confirmation_path(mail.outbox[0])
    assert "confermato" in client.get(path).content.decode()
    assert client.get(path).status_code == 400


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxLCJlIjoieEB5LnoifQ:1abc:forged"])
def test_a_forged_confirmation_link_gets_a_clear_400(client, db, token):
    response = client.get(f"/accounts/confirm/{token}/")
    assert response.status_code == 400
    assert "non è più valido" in response.content.decode()


def test_a_member_awaiting_confirmation_can_ask_for_the_link_again(client, db):
    sign_up(client)
    client.post("/accounts/login/", {"username": "nuova", "password": PASSWORD})
    response = client.post("/accounts/confirm/", follow=True)
    assert "nuovo link di conferma" in response.content.decode()
    assert len(mail.outbox) == 2 and confirmation_path(mail.outbox[1])


@pytest.mark.parametrize(
    "name",
    [
        "mаrco",  # Cyrillic а inside Latin letters
        "ｍａｒｃｏ",  # fullwidth: NFKC folds it into marco
        "Marco",  # differs only by case
        "marcо",  # Cyrillic о at the end
        "gіulia",  # Cyrillic і
        "giuIia",  # capital I passing for l
    ],
)
def test_names_that_imitate_a_members_name_are_refused(client, django_user_model, name):
    django_user_model.objects.create_user("marco", "m@example.org", PASSWORD)
    django_user_model.objects.create_user("giulia", "g@example.org", PASSWORD)
    response = sign_up(client, name, "altra@example.org")
    assert response.status_code == 400 and response.context["form"].errors["username"]
    assert django_user_model.objects.count() == 2


@pytest.mark.parametrize("name", ["Δημήτρης", "Олег", "rénée", "marco_2"])
def test_names_in_one_alphabet_that_imitate_nobody_are_welcome(client, db, name):
    assert sign_up(client, name, "nuovo@example.org").status_code == 302


def test_sign_ups_are_limited_per_connection(db, settings):
    settings.RATE_LIMIT_SIGNUPS = "2/h"
    visitor = Client(REMOTE_ADDR="10.0.0.1")
    assert [sign_up(visitor, f"socio{n}").status_code for n in range(3)] == [302, 302, 429]
    assert sign_up(Client(REMOTE_ADDR="10.0.0.2"), "altro").status_code == 302


def test_password_resets_are_limited_and_say_nothing_about_the_address(coworker, settings):
    settings.RATE_LIMIT_PASSWORD_RESETS = "2/h"
    known = Client().post("/accounts/password_reset/", {"email": "coworker@example.org"})
    unknown = Client().post("/accounts/password_reset/", {"email": "nessuno@example.org"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert Client().post("/accounts/password_reset/", {"email": "x@example.org"}).status_code == 429
    assert len(mail.outbox) == 1


def test_wagtails_admin_password_reset_leads_to_the_limited_site_form(coworker):
    response = Client().post("/admin/password_reset/", {"email": "coworker@example.org"})
    assert (response.status_code, response.url) == (302, "/accounts/password_reset/")
    assert mail.outbox == []
