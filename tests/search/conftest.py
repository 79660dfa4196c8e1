"""Search fixtures: a throw-away index per test, the engines, a small network with a secret in
every place a visitor may not look, and role users."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from bench.stackexchange import import_dump
from search import services
from search.documents import LAYOUT
from search.engines.elastic import ElasticsearchEngine
from search.models import IndexBuild, IndexUpdate
from tests.search import es_replay, helpers
from tests.search.es_replay import Replay

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
TANTIVY = "search.engines.tantivy.TantivyEngine"
DUMP = Path(__file__).resolve().parents[2].parent / "shared/data/italian-stackexchange"


@pytest.fixture(autouse=True)
def search_index(settings):
    """Every search test gets its own empty indexes (tests/conftest.py) and no cluster unless
    asked; the FTS5 file's path, for the tests of that file."""
    settings.ELASTICSEARCH_URL = ""
    return settings.SEARCH_EMBEDDED_PATH


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    """Retries happen as in production, without the waits between them."""
    monkeypatch.setattr(ElasticsearchEngine, "backoff", 0.0)


@pytest.fixture
def es(settings):
    """The Elasticsearch engine talking HTTP to a loopback responder that replays recorded
    Elasticsearch 8 answers: an index behind the alias, of the current layout, acknowledging
    every write. Tests add routes (newest first) and read `es.requests`."""
    settings.ELASTICSEARCH_URL = ""  # set below, once the server listens
    settings.ELASTICSEARCH_INDEX_PREFIX = f"tv{uuid.uuid4().hex[:8]}"
    settings.ELASTICSEARCH_READ_TIMEOUT = 1
    settings.ELASTICSEARCH_WRITE_TIMEOUT = 1
    alias = f"{settings.ELASTICSEARCH_INDEX_PREFIX}-search"
    live = f"{alias}-1700000000000"
    replay = Replay().start()
    replay.alias, replay.live = alias, live
    (
        replay.on("HEAD", f"/_alias/{alias}", (200, {}))
        .on("GET", f"/_alias/{alias}", (200, es_replay.alias_of(live, alias)))
        .on("HEAD", f"/{alias}", (200, {}))
        .on("GET", f"/{alias}/_mapping", (200, es_replay.mapping_of(live, LAYOUT)))
        .on("PUT", f"/{alias}-\\d+", lambda r: (200, es_replay.created(r.path[1:])))
        .on("POST", "/_aliases", (200, es_replay.ALIASES_ACK))
        .on("PUT", f"/{alias}-\\d+/_settings", (200, es_replay.ACK))
        .on("POST", f"/{alias}-\\d+/_refresh", (200, {"_shards": {"total": 1, "successful": 1}}))
        .on("DELETE", f"/{alias}-\\d+", (200, es_replay.ACK))
        .on("PUT", "/_bulk", es_replay.bulk_all_ok)
        .on("POST", "/_bulk", es_replay.bulk_all_ok)
        .on("POST", f"/{alias}/_search", (200, es_replay.search_answer()))
    )
    settings.ELASTICSEARCH_URL = replay.url
    yield replay
    replay.stop()


@pytest.fixture(
    params=["embedded", "tantivy", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]
)
def engine(request, settings):
    """The behaviour suite runs on each engine (each test's indexes start empty:
    tests/conftest.py); Elasticsearch only with a cluster."""
    if request.param in ("embedded", "tantivy"):
        settings.SEARCH_ENGINE = services.EMBEDDED if request.param == "embedded" else TANTIVY
        yield services.get_engine()
        return
    if request.param == "elasticsearch":
        if not ES_URL:
            pytest.skip("ELASTICSEARCH_URL is not set: no cluster to run the suite against")
        settings.ELASTICSEARCH_URL = ES_URL
        settings.ELASTICSEARCH_INDEX_PREFIX = f"tavolone-test-{uuid.uuid4().hex[:8]}"
        yield services.get_engine()
        engine = services.get_engine()
        # By name: Elasticsearch 8 refuses wildcard deletes (action.destructive_requires_name).
        names = list(engine.client.indices.get(index=f"{engine.alias}*", expand_wildcards="all"))
        if names:
            engine.client.indices.delete(index=",".join(names), ignore_unavailable=True)
        return


def _refresh():
    engine = services.get_engine()
    if engine.name == "elasticsearch":
        engine.client.indices.refresh(index=engine.alias)


def _settle():
    services.drain()
    _refresh()


def _worker():
    call_command("worker", "--once")  # the worker applies the outbox, whichever the engine
    _refresh()


@pytest.fixture
def network(db, engine):
    """Spaces, news and threads, with a secret token planted where visitors may not look."""
    data = helpers.build_network()
    services.rebuild()
    _refresh()
    return data


@pytest.fixture
def settle():
    """Apply pending updates and make them searchable (Elasticsearch shows writes after a
    refresh; the live suite must not depend on its refresh interval)."""
    return _settle


@pytest.fixture
def worker():
    """One tick of the background worker: saves only record; the worker applies."""
    return _worker


@pytest.fixture
def host_user(django_user_model):
    """A space host: member of the group that may read the private Host forum."""
    from forum import boards

    user = django_user_model.objects.create_user("host", "host@example.org", "pw-host-1")
    user.groups.add(Group.objects.get_or_create(name=boards.SPACE_HOSTS_GROUP)[0])
    return user


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker, tmp_path_factory):
    """The Italian Language Stack Exchange dump (CC BY-SA 3.0, imported with attribution) in the
    public forum, imported once for the module and indexed into a module-wide FTS5 index file
    (committed rows, so they are deleted at the end, in one transaction): (path, {question id:
    topic}). Its tests name FTS5 (services.EMBEDDED); tantivy's build their own index."""
    path = str(tmp_path_factory.mktemp("relevance") / "search.sqlite3")
    fts5 = override_settings(SEARCH_EMBEDDED_PATH=path, SEARCH_ENGINE=services.EMBEDDED)
    with django_db_blocker.unblock(), fts5:
        topics = import_dump(DUMP, helpers.public_forum())
        services.rebuild()
    yield path, topics
    with django_db_blocker.unblock(), fts5:
        with transaction.atomic():
            helpers.Topic.objects.filter(pk__in=[t.pk for t in topics.values()]).delete()
        IndexUpdate.objects.all().delete()
        IndexBuild.objects.all().delete()  # committed too: later tests build indexes with no id
