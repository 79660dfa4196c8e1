"""What is not a page speaks the visitor's language too: the password-reset email and the API's
error messages, Italian by default and English for who chose it."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

SAYS = {
    "it": ("scegli una nuova password", "apri questa pagina", "sort deve essere"),
    "en": ("choose a new password", "open this page", "sort must be"),
}


def _client(client, language):
    if language == "en":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_password_reset_email_is_in_the_visitors_language(client, coworker, language):
    _client(client, language).post(reverse("password_reset"), {"email": coworker.email})
    (email,) = mail.outbox
    subject, body, _ = SAYS[language]
    assert subject in email.subject and body in email.body
    assert settings.SITE_URL + "/accounts/reset/" in email.body
    if language == "it":  # Django's Italian said "Password reset su …"
        assert "reset" not in email.subject.lower() and "reset" not in email.body.split("http")[0]


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_api_errors_are_in_the_visitors_language(client, db, language):
    response = _client(client, language).get("/api/search", {"q": "x", "sort": "bogus"})
    assert response.status_code == 400
    assert SAYS[language][2] in response.json()["error"]
