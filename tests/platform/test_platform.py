"""The platform: the demo network serves, and the wiring holds together."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "url, text",
    [
        ("/", "Tavolone"),
        ("/spazi/", "Spazi"),
        ("/spazi/lambrate/", "Tavolone Lambrate"),
        ("/news/", "News"),
        ("/news/benvenuti-su-tavolone/", "benvenuti"),
        ("/forum/", "Forum"),
        ("/cerca/?q=tavolo", "tavolo"),
        ("/accounts/login/", "password"),
        ("/accounts/signup/", "username"),
    ],
)
def test_it_serves_the_demo_network_to_visitors(client, demo, url, text):
    response = client.get(url)
    assert response.status_code == 200
    assert text.lower() in response.content.decode().lower()


def test_it_speaks_italian_by_default_and_english_on_request(client, demo):
    assert 'lang="it"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


def test_it_renders_forum_pages_inside_the_site_base_once(client, demo):
    html = client.get("/forum/").content.decode()
    assert html.count("<html") == 1
    assert html.count('id="main"') == 1
    assert "machina.board_theme.min.css" in html


def test_the_wagtail_admin_answers_staff_in_italian(client, demo, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'lang="it"' in response.content.decode()


def test_it_answers_unknown_pages_with_a_friendly_404(client, demo):
    response = client.get("/non-esiste/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode() or "trovata" in response.content.decode()


def test_a_server_error_shows_a_friendly_page_without_details(client, db, settings):
    settings.ROOT_URLCONF = "tests.platform.urls_boom"
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Qualcosa è andato storto" in html and 'href="/"' in html
    assert "a bug" not in html and "Traceback" not in html


def test_load_demo_twice_adds_nothing(demo):
    from django.core.management import call_command
    from wagtail.models import Page

    before = Page.objects.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Page.objects.count() == before


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60 + "-production-like-secret-for-the-deploy-check",
        "ALLOWED_HOSTS": "tavolone.example.org",
        "TAVOLONE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_in_production(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "0", "TAVOLONE_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_the_header_marks_the_section_a_visitor_is_in(client, demo):
    html = client.get("/spazi/").content.decode()
    assert html.count('aria-current="page"') == 1
    assert 'href="/spazi/" aria-current="page"' in html


def test_browsers_find_a_favicon_at_the_root_and_in_the_page(client, demo):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert 'rel="icon"' in client.get("/").content.decode()


@pytest.mark.parametrize("query", ["tag=%00", "tag=abc%00def", "q=a%00", "a%00=1"])
def test_a_nul_in_a_query_parameter_is_read_as_if_it_had_none(client, demo, query):
    assert client.get(f"/news/?{query}").status_code == 200
    assert client.get(f"/cerca/?{query}").status_code == 200
