"""Writing to Elasticsearch, against recorded Elasticsearch 8 answers (tests/search/es_replay.py):
never without the alias, retried when the cluster is busy, cleaned up when a rebuild fails."""

from __future__ import annotations

import pytest

from search import services
from search.engines.base import EngineUnavailable
from search.models import IndexUpdate
from tests.search import es_replay as rec
from tests.search import helpers

pytestmark = pytest.mark.django_db


def doc(key: str = "thread:1", body: str = "Sala riunioni") -> dict:
    return {"key": key, "kind": "thread", "title": "Sala", "body": body, "url": "/t/1/"}


def bulk_requests(es) -> list:
    return es.sent(path=r"/_bulk$")


def test_a_delete_before_any_index_exists_writes_nothing(es):
    es.on("HEAD", f"/_alias/{es.alias}", (404, {}))
    services.get_engine().delete(["thread:1"], 5)
    assert bulk_requests(es) == []  # a bulk delete would auto-create an index named like the alias
    assert es.sent("PUT") == []


def test_every_document_write_requires_the_alias(es):
    services.get_engine().index([doc()], 5)
    (request,) = bulk_requests(es)
    assert request.params["require_alias"] == "true"
    action, source = request.bulk_items[0]
    assert action["index"]["_index"] == es.alias and source["title"] == "Sala"


def test_a_first_write_creates_an_index_and_points_the_alias_at_it(es):
    es.on("HEAD", f"/_alias/{es.alias}", (404, {}))
    es.on("HEAD", f"/{es.alias}", (404, {}))
    services.get_engine().index([doc()], 5)
    (created,) = es.sent("PUT", rf"^/{es.alias}-\d+$")
    (aliases,) = es.sent("POST", "/_aliases")
    assert aliases.body["actions"] == [{"add": {"index": created.path[1:], "alias": es.alias}}]


def test_a_rebuild_removes_an_index_squatting_on_the_alias_name(es, db):
    es.on("HEAD", f"/_alias/{es.alias}", (404, {}))  # no alias, but a concrete index by that name
    es.on("HEAD", f"/{es.alias}", (200, {}))
    services.rebuild()
    (aliases,) = es.sent("POST", "/_aliases")
    actions = aliases.body["actions"]
    assert actions[0] == {"remove_index": {"index": es.alias}}
    assert list(actions[1]) == ["add"]  # one request: searches never see no index


def test_an_index_write_refused_because_the_alias_is_gone_is_not_ignored(es):
    es.on("PUT", "/_bulk", (200, rec.bulk_answer(rec.not_an_alias("index", es.alias, "thread:1"))))
    with pytest.raises(EngineUnavailable):
        services.get_engine().index([doc()], 5)


def test_a_delete_of_a_document_already_gone_and_an_older_version_are_fine(es):
    answer = rec.bulk_answer(
        rec.not_found_delete(es.live, "thread:1"), rec.conflict("delete", es.live, "thread:2")
    )
    es.on("PUT", "/_bulk", (200, answer))
    services.get_engine().delete(["thread:1", "thread:2"], 5)
    assert len(bulk_requests(es)) == 1


def test_a_bulk_rejected_with_429_is_retried_after_a_pause(es):
    es.on("PUT", "/_bulk", (429, rec.REJECTED), rec.bulk_all_ok)
    services.get_engine().index([doc()], 5)
    assert len(bulk_requests(es)) == 2


def test_documents_rejected_one_by_one_with_429_are_retried_alone(es):
    first = rec.bulk_answer(
        rec.item_ok("index", es.live, "thread:1", 5), rec.rejected("index", es.live, "thread:2")
    )
    es.on("PUT", "/_bulk", (200, first), rec.bulk_all_ok)
    services.get_engine().index([doc("thread:1"), doc("thread:2")], 5)
    retried = bulk_requests(es)[1]
    assert [a["index"]["_id"] for a, _ in retried.bulk_items] == ["thread:2"]


def test_a_write_that_times_out_is_retried(es):
    es.on("PUT", "/_bulk", rec.Stall(1.5), rec.bulk_all_ok)  # longer than the 1 s write timeout
    services.get_engine().index([doc()], 5)
    assert len(bulk_requests(es)) == 2


def test_updates_wait_in_the_outbox_while_the_cluster_keeps_refusing(es):
    es.on("PUT", "/_bulk", (429, rec.REJECTED))
    helpers.topic("Sala prove", "Una sala per suonare")
    pending = IndexUpdate.objects.count()
    with pytest.raises(EngineUnavailable):
        services.drain()
    assert IndexUpdate.objects.count() == pending
    assert len(bulk_requests(es)) == services.get_engine().attempts


def test_a_document_refused_for_good_is_set_aside_and_the_rest_goes_on(es, caplog):
    answer = rec.bulk_answer(rec.mapping_refused("index", es.live, "thread:1"))
    es.on("PUT", "/_bulk", (200, answer))
    helpers.topic("Sala prove", "Una sala per suonare")
    assert services.drain() > 0
    assert IndexUpdate.objects.count() == 0  # not blocking every later update
    assert "refused thread:1 for good" in caplog.text


def test_a_failed_rebuild_deletes_its_new_index(es, db):
    es.on("PUT", "/_bulk", (500, {"error": "boom", "status": 500}))
    helpers.topic("Sala prove", "Una sala per suonare")
    with pytest.raises(EngineUnavailable):
        services.rebuild()
    (created,) = es.sent("PUT", rf"^/{es.alias}-\d+$")
    assert [r.path for r in es.sent("DELETE")] == [created.path]
    assert es.sent("POST", "/_aliases") == []  # the live index stays live


def test_bulk_requests_are_cut_by_size(es, monkeypatch):
    engine = services.get_engine()
    monkeypatch.setattr(engine, "chunk_bytes", 3000)
    engine.index([doc(f"thread:{i}", "parola " * 300) for i in range(3)], 5)
    assert [len(r.bulk_items) for r in bulk_requests(es)] == [1, 1, 1]


def test_a_forum_wide_change_is_written_in_bounded_batches(es, monkeypatch):
    forum = helpers.public_forum()
    for i in range(3):
        helpers.topic(f"Tema {i}", "Testo")
    IndexUpdate.objects.all().delete()
    IndexUpdate.objects.create(kind="forum", object_id=forum.pk)
    monkeypatch.setattr(services, "DRAIN_BATCH", 2)
    services.drain()
    assert [len(r.bulk_items) for r in bulk_requests(es)] == [2, 1]


def test_a_drain_versions_documents_by_the_database_clock(es):
    helpers.topic("Sala prove", "Una sala per suonare")
    before = services.clock()
    services.drain()
    versions = {a["index"]["version"] for r in bulk_requests(es) for a, _ in r.bulk_items}
    assert len(versions) == 1 and versions.pop() >= before  # not the outbox row id


def test_a_change_committed_after_a_higher_numbered_one_is_not_lost(es):
    # PostgreSQL hands out ids at insert: the transaction holding id 999 (a moderator hiding the
    # thread) commits after the one holding 1000. Versioned by id, its delete would be a 409.
    store = rec.VersionedBulk()
    es.on("PUT", "/_bulk", store)
    topic = helpers.topic("Sala prove", "Una sala per suonare")
    IndexUpdate.objects.all().delete()
    IndexUpdate.objects.create(pk=1000, kind="thread", object_id=topic.pk)
    services.drain()
    assert store.docs[f"thread:{topic.pk}"][1]["title"] == "Sala prove"
    helpers.Topic.objects.filter(pk=topic.pk).update(approved=False)
    IndexUpdate.objects.create(pk=999, kind="thread", object_id=topic.pk)
    services.drain()
    assert store.docs[f"thread:{topic.pk}"][1] is None  # deleted, not kept as "newer"


def test_tls_verification_settings_reach_every_connection(es, settings):
    settings.ELASTICSEARCH_URL = "https://127.0.0.1:9200"
    settings.ELASTICSEARCH_CA_CERTS = "/etc/ssl/certs/ca-certificates.crt"
    settings.ELASTICSEARCH_SSL_FINGERPRINT = "ab" * 32
    engine = services.get_engine()
    for client in (engine.client, engine.writer):
        config = client.transport.node_pool.all()[0].config
        assert config.verify_certs and config.ca_certs == settings.ELASTICSEARCH_CA_CERTS
        assert config.ssl_assert_fingerprint == "ab" * 32


def test_a_refusal_of_the_whole_index_keeps_the_updates_in_the_outbox(es):
    reason = f"no write index is defined for alias [{es.alias}]"  # two indices behind the alias
    refusal = rec.item_error(
        "index", es.alias, "thread:1", 400, "illegal_argument_exception", reason
    )
    es.on("PUT", "/_bulk", (200, rec.bulk_answer(refusal)))
    helpers.topic("Sala prove", "Una sala per suonare")
    with pytest.raises(EngineUnavailable):
        services.drain()
    assert IndexUpdate.objects.filter(applied=False).exists()


def test_two_first_writes_at_once_end_with_one_index_behind_the_alias(es):
    es.on("HEAD", f"/_alias/{es.alias}", (404, {}))
    es.on("HEAD", f"/{es.alias}", (404, {}))
    older = f"{es.alias}-1600000000000"  # another worker's first write added its index too

    def both(request):
        mine = es.sent("PUT", r"-\d+$")[0].path[1:]
        return 200, {i: {"aliases": {es.alias: {}}} for i in (older, mine)}

    es.on("GET", f"/_alias/{es.alias}", both)
    services.get_engine().index([doc()], 5)
    mine = es.sent("PUT", r"-\d+$")[0].path
    removed = es.sent("POST", "/_aliases")[1].body["actions"]
    assert removed == [{"remove": {"index": mine[1:], "alias": es.alias}}]
    assert [r.path for r in es.sent("DELETE")] == [mine]


def test_a_rebuild_loads_without_refreshes_and_restores_them_before_the_switch(es, db):
    helpers.topic("Sala prove", "Una sala per suonare")
    services.rebuild()
    steps = [(r.method, r.path.rsplit("/", 1)[-1]) for r in es.requests if r.method != "HEAD"]
    loading = steps.index(("PUT", "_settings"))
    restored = len(steps) - 1 - steps[::-1].index(("PUT", "_settings"))
    assert ("PUT", "_bulk") in steps[loading:restored]
    assert steps[restored + 1 :][:2] == [("POST", "_refresh"), ("GET", es.alias)]
    settings = [r.body for r in es.sent("PUT", "_settings")]
    assert settings == [{"refresh_interval": "-1"}, {"refresh_interval": None}]


def test_a_thread_drained_between_the_replay_and_the_switch_is_written_after_it(es, monkeypatch):
    engine, late = services.get_engine(), []
    rebuild = engine.rebuild

    def drain_after_replay(build):
        replay = build.replay

        def replay_then_drain():
            updates = replay()
            late.append(helpers.topic("Tende nuove", "Le tende della sala"))
            services.drain()  # another worker writes it to the index still live
            return updates

        build.replay = replay_then_drain
        return rebuild(build)

    monkeypatch.setattr(engine, "rebuild", drain_after_replay)
    services.rebuild()
    switch = max(i for i, r in enumerate(es.requests) if r.path == "/_aliases")
    after = [a for r in es.requests[switch:] if r.path == "/_bulk" for a, _ in r.bulk_items]
    assert {"_index": es.alias} | {"_id": f"thread:{late[0].pk}"} in [
        {k: a["index"][k] for k in ("_index", "_id")} for a in after if "index" in a
    ]
    assert IndexUpdate.objects.count() == 0
