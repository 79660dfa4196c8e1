"""SEARCH_ENGINE chooses the engine by its class's dotted path (as Wagtail's
WAGTAILSEARCH_BACKENDS); the null engine turns search off without an error page."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from search import services
from search.models import IndexUpdate
from tests.search import helpers

pytestmark = pytest.mark.django_db
NULL = "search.engines.null.NullEngine"
ROOT = Path(__file__).resolve().parents[2]


def test_the_embedded_engine_answers_when_named_explicitly(client, settings, worker):
    settings.SEARCH_ENGINE = "search.engines.embedded.EmbeddedEngine"
    helpers.topic("Stampante inceppata", "La stampante del primo piano non va")
    worker()
    hits = client.get("/api/search", {"q": "stampante"}).json()["hits"]
    assert [h["title"] for h in hits] == ["Stampante inceppata"]


def test_unset_the_engine_is_tantivy_without_a_cluster(client, settings, worker):
    settings.SEARCH_ENGINE = ""
    helpers.topic("Stampante inceppata", "La stampante del primo piano non va")
    worker()
    hits = client.get("/api/search", {"q": "stampante"}).json()["hits"]
    assert [h["title"] for h in hits] == ["Stampante inceppata"]
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert "engine: tantivy (tantivy " in out.getvalue()


def test_with_search_turned_off_the_pages_say_so_instead_of_failing(client, settings):
    settings.SEARCH_ENGINE = NULL
    page = client.get("/cerca/", {"q": "scrivania"})
    assert page.status_code == 404
    assert "La ricerca è disattivata su questo sito." in page.content.decode()  # translated
    api = client.get("/api/search", {"q": "scrivania"})
    assert api.status_code == 404 and "disattivata" in api.json()["error"]
    assert client.get("/api/autocomplete", {"q": "scri"}).json()["results"] == []
    assert client.get("/api/suggest", {"q": "scrivamia"}).json()["suggestion"] == ""


def test_with_search_turned_off_the_worker_empties_the_outbox(settings, worker):
    settings.SEARCH_ENGINE = NULL
    helpers.topic("Caldaia rotta", "Non scalda")
    assert IndexUpdate.objects.exists()
    worker()
    assert not IndexUpdate.objects.exists()
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert "engine: none (search is turned off)" in out.getvalue()
    assert "search is turned off: nothing is indexed" in out.getvalue()


def test_a_search_engine_that_cannot_be_imported_stops_the_checks_saying_what_to_use(settings):
    settings.SEARCH_ENGINE = "search.engines.nowhere.Engine"
    choices = "TantivyEngine, search.engines.embedded.EmbeddedEngine, .*search.engines.null"
    with pytest.raises(SystemCheckError, match=f"cannot be imported.*{choices}"):
        call_command("check")


def test_elasticsearch_without_its_url_stops_the_checks_saying_what_to_set(settings):
    settings.SEARCH_ENGINE = "search.engines.elastic.ElasticsearchEngine"
    with pytest.raises(SystemCheckError, match="ELASTICSEARCH_URL is not set: set it"):
        call_command("check")


def test_a_class_that_is_no_engine_is_refused(settings):
    settings.SEARCH_ENGINE = "search.params.SearchParams"
    with pytest.raises(SystemCheckError, match="is not a search engine"):
        call_command("check")
    settings.SEARCH_ENGINE = ""  # unset: tantivy, ELASTICSEARCH_URL being unset
    assert services.get_engine().name == "tantivy"


def test_a_web_server_with_a_bad_search_engine_refuses_to_start_saying_what_to_use():
    # gunicorn imports tavolone.wsgi and runs no system checks: ready() stops it.
    env = {**os.environ, "SEARCH_ENGINE": "search.engines.nowhere.Engine", "PYTHONPATH": "site"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    started = subprocess.run(
        [sys.executable, "-c", "import tavolone.wsgi"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert started.returncode != 0
    assert (
        "Tavolone cannot start: SEARCH_ENGINE='search.engines.nowhere.Engine' cannot be imported"
        in started.stderr
        and "search.engines.null.NullEngine" in started.stderr
    )
