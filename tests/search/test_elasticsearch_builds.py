"""The Elasticsearch index behind the alias must be one this site built: a restored snapshot,
staging's or another site's index of the same layout answers 503 until the rebuild (against
recorded Elasticsearch 8 answers, tests/search/es_replay.py)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from search import services
from search.documents import LAYOUT
from search.models import IndexBuild, IndexUpdate
from tests.search import es_replay as rec
from tests.search import helpers

pytestmark = pytest.mark.django_db
ANOTHER_SITE = "0123456789abcdef"


def behind_the_alias(es, build: str | None) -> None:
    """The alias now points at an index of the current layout carrying `build`."""
    es.on("GET", f"/{es.alias}/_mapping", (200, rec.mapping_of(es.live, LAYOUT, build)))


def created_meta(es) -> dict:
    """The `_meta` of the last index the engine created."""
    return es.sent("PUT", rf"^/{es.alias}-\d+$")[-1].body["mappings"]["_meta"]


def serve_what_was_created(es) -> None:
    """The alias shows the index created last (what the switch pointed it at)."""
    es.on("GET", f"/{es.alias}/_mapping", lambda r: (200, mapping(es.live, created_meta(es))))


def mapping(index: str, meta: dict) -> dict:
    return {index: {"mappings": {"_meta": meta}}}


def another_process() -> None:
    services._engines.clear()  # a process that has not checked the index yet


def site_built(build: str) -> None:
    IndexBuild.objects.update_or_create(engine="elasticsearch", defaults={"build": build})


def test_a_rebuild_stores_its_build_in_the_new_index_and_the_database(es):
    services.rebuild()
    meta = created_meta(es)
    assert meta == {"tavolone_layout": LAYOUT, "tavolone_build": meta["tavolone_build"]}
    assert IndexBuild.objects.get(engine="elasticsearch").build == meta["tavolone_build"]


def test_a_first_write_creates_an_index_of_a_build_the_site_records(client, es):
    es.on("HEAD", f"/_alias/{es.alias}", (404, {}))
    es.on("HEAD", f"/{es.alias}", (404, {}))
    services.get_engine().index([{"key": "thread:1", "kind": "thread", "title": "Sala",
                                  "body": "Sala", "url": "/t/1/"}], 5)  # fmt: skip
    build = created_meta(es)["tavolone_build"]
    assert IndexBuild.objects.get(engine="elasticsearch").build == build
    serve_what_was_created(es)
    another_process()  # a brand-new site works without a rebuild
    assert client.get("/api/search", {"q": "sala"}).status_code == 200


def test_another_sites_index_behind_the_alias_answers_503_until_the_rebuild(client, es):
    site_built("feedfacefeedface")
    behind_the_alias(es, ANOTHER_SITE)  # a snapshot restored, staging's index
    assert client.get("/api/search", {"q": "sala"}).status_code == 503
    assert es.sent("POST", "_search") == []
    assert "carries build 0123456789abcdef" in services.status()["error"]
    assert "run `python manage.py search_index rebuild`" in services.status()["error"]
    assert client.get("/healthz").json()["checks"]["search"]["status"] == "fail"
    call_command("search_index", "rebuild", stdout=io.StringIO())
    serve_what_was_created(es)
    assert client.get("/api/search", {"q": "sala"}).status_code == 200


def test_the_drain_writes_nothing_to_another_sites_index_and_keeps_the_outbox(es):
    behind_the_alias(es, ANOTHER_SITE)  # refused even by a site that never rebuilt
    helpers.topic("Sala prove", "Una sala per suonare")
    pending = IndexUpdate.objects.count()
    with pytest.raises(CommandError, match="not the index this site built"):
        call_command("search_index", "drain", stdout=io.StringIO())
    assert IndexUpdate.objects.count() == pending
    assert es.sent(path="/_bulk") == []


def test_a_running_process_accepts_the_index_another_process_rebuilt(client, es):
    site_built("feedfacefeedface")
    behind_the_alias(es, ANOTHER_SITE)
    assert client.get("/api/search", {"q": "sala"}).status_code == 503
    site_built("abcdefabcdefabcd")  # another process's rebuild switched the alias
    behind_the_alias(es, "abcdefabcdefabcd")
    assert client.get("/api/search", {"q": "sala"}).status_code == 200  # asked again


def test_a_process_checking_between_the_switch_and_the_record_accepts_the_new_index(
    client, es, monkeypatch
):
    site_built("feedfacefeedface")
    engine, seen = services.get_engine(), []
    real_rebuild = engine.rebuild

    def rebuild(*args, **kwargs):
        count = real_rebuild(*args, **kwargs)  # switched; the database records it next
        serve_what_was_created(es)
        monkeypatch.setattr(services, "_engines", {})  # a process checking right now
        seen.append(client.get("/api/search", {"q": "sala"}).status_code)
        return count

    monkeypatch.setattr(engine, "rebuild", rebuild)
    services.rebuild()
    assert seen == [200]
