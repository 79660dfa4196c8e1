"""Italian first: every string of ours has an Italian translation, and visitors see Italian."""

import gettext
import io
import re
from pathlib import Path

import polib
import pytest
from django.core.management import CommandError, call_command

from tavolone.lib import translations


def test_every_msgid_in_our_code_has_an_italian_translation():
    missing = translations.untranslated(translations.extract(), translations.load_catalog())
    listing = "\n".join(f"{m.msgid!r} in {', '.join(sorted(m.files))}" for m in missing)
    assert not missing, f"Translate these in locale/it (run `make messages`):\n{listing}"


def test_the_compiled_catalogue_matches_the_po_file():
    po_file = translations.po_path()
    with open(po_file.with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in polib.pofile(str(po_file)).translated_entries():
        context = f"{entry.msgctxt}\x04" if entry.msgctxt else ""
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[1]
        else:
            assert compiled.gettext(context + entry.msgid) == entry.msgstr, entry.msgid


def test_check_mode_lists_what_is_missing_and_fails(tmp_path, settings):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "x.html").write_text('{% load i18n %}{% trans "Zebra crossing 42" %}')
    settings.BASE_DIR = tmp_path
    out = io.StringIO()
    with pytest.raises(CommandError, match="have no Italian translation"):
        call_command("translations", "--check", stdout=out)
    assert "Zebra crossing 42" in out.getvalue()
    assert not Path(tmp_path / "locale").exists()  # --check writes nothing


def test_a_visitor_sees_the_site_in_italian_by_default(client, demo):
    html = client.get("/").content.decode()
    for italian in ("Spazi", "Accedi", "Registrati", "Cerca", "Vai al contenuto"):
        assert italian in html
    assert "Log in" not in html


def test_machina_forum_pages_are_in_italian(client, demo):
    html = client.get("/forum/").content.decode()
    assert "Discussioni" in html or "Messaggi" in html
    assert ">Topics<" not in html and ">Last post<" not in html


def test_the_wagtail_admin_login_is_in_italian(client, db):
    # /admin/login/ leads to the one site login (tests/platform/test_login_lockout.py).
    html = client.get("/admin/login/", follow=True).content.decode()
    assert "Accedi" in html and "Sign in" not in html


def test_translations_keep_every_placeholder_of_the_english_text():
    # A lost or misspelt %(name)s turns into a KeyError, i.e. a server error, in Italian only.
    placeholder = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{\}|\{[a-z_]+\}")
    for entry in polib.pofile(str(translations.po_path())).translated_entries():
        expected = sorted(placeholder.findall(entry.msgid_plural or entry.msgid))
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            found = sorted(placeholder.findall(text))
            assert found == expected or (entry.msgid_plural and set(found) <= set(expected)), (
                entry.msgid
            )


def test_an_english_browser_gets_italian_until_the_visitor_switches(client, demo):
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    assert 'lang="it"' in client.get("/", **english_browser).content.decode()
    client.get("/i18n/en/?next=/")  # the footer's link
    response = client.get("/spazi/", **english_browser)
    assert 'lang="en"' in response.content.decode()
    assert response.headers["Content-Language"] == "en"


def test_a_made_up_language_cookie_falls_back_to_italian(client, db):
    client.cookies["django_language"] = "xx-klingon"
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'lang="it"' in response.content.decode()
