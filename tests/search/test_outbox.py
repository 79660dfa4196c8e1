"""Nothing lost: changes are recorded with the change, applied after commit, and wait in the
outbox while the engine is unreachable."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from search import services
from search.models import IndexUpdate
from tests.search import helpers

pytestmark = pytest.mark.django_db
UNREACHABLE = "/proc/tavolone-no-such-dir/search.sqlite3"  # cannot be created, even by root
UNREACHABLE_FOLDER = "/proc/tavolone-no-such-dir/search-tantivy"


def found(client, q: str) -> list[str]:
    return [h["title"] for h in client.get("/api/search", {"q": q}).json()["hits"]]


def test_a_post_saved_is_findable_on_the_next_request(client, network, worker):
    helpers.topic("Stampante inceppata", "La stampante del primo piano non va")
    worker()  # the background worker applies the outbox
    assert found(client, "stampante") == ["Stampante inceppata"]
    assert IndexUpdate.objects.count() == 0


def test_a_rolled_back_change_records_nothing(network):
    from django.db import transaction

    before = IndexUpdate.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        helpers.topic("Annullato", "Mai esistito")
        raise RuntimeError("rollback")
    assert IndexUpdate.objects.count() == before


def test_updates_made_while_the_engine_is_down_are_all_searchable_after(
    client, network, settings, worker
):
    if services.get_engine().name != "embedded":
        pytest.skip("an unreachable index file is the embedded engine's outage")
    working = settings.SEARCH_EMBEDDED_PATH
    settings.SEARCH_EMBEDDED_PATH = UNREACHABLE
    for i in range(5):
        helpers.topic(f"Guasto {i}", f"Caldaia rotta numero {i}")  # saves succeed
    with pytest.raises(services.EngineUnavailable):
        worker()  # the worker logs it and retries; the updates wait
    assert client.get("/cerca/", {"q": "caldaia"}).status_code == 503
    assert client.get("/").status_code == 200  # pages keep serving
    assert IndexUpdate.objects.filter(kind="thread").count() >= 5
    settings.SEARCH_EMBEDDED_PATH = working
    call_command("search_index", "drain", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(found(client, "caldaia")) == [f"Guasto {i}" for i in range(5)]
    assert IndexUpdate.objects.count() == 0


def test_the_search_page_says_unavailable_instead_of_failing(client, db, settings):
    settings.SEARCH_TANTIVY_PATH = UNREACHABLE_FOLDER  # the default engine's
    response = client.get("/cerca/", {"q": "scrivania"})
    assert response.status_code == 503
    assert "non è disponibile" in response.content.decode()  # translated (gettext_lazy)
    assert client.get("/api/search", {"q": "scrivania"}).status_code == 503


def test_unpublishing_a_page_removes_it_from_results(client, network, worker):
    network["isola"].unpublish()
    worker()  # the background worker applies the outbox
    assert "Isola Coworking" not in found(client, "isola")


def test_renaming_a_space_updates_its_result(client, network, worker):
    page = network["isola"]
    page.title = "Isola Verde"
    page.save_revision().publish()
    worker()  # the background worker applies the outbox
    assert found(client, "verde") == ["Isola Verde"]


def test_unapproving_a_topic_removes_it(client, network, worker):
    topic = network["thread"]
    topic.approved = False
    topic.save()
    worker()  # the background worker applies the outbox
    assert found(client, "consulenza") == []


def test_deleting_a_topic_removes_it(client, network, worker):
    network["thread"].delete()
    worker()  # the background worker applies the outbox
    assert found(client, "consulenza") == []


def test_status_reports_documents_per_kind_and_pending_updates(network, capsys):
    call_command("search_index", "status")
    out = capsys.readouterr().out
    assert "space            3         3       0" in out
    assert "pending updates: 0" in out


def test_rebuild_indexes_everything_and_applies_pending_updates(client, network):
    helpers.topic("Aggiunto dopo", "Proiettore in sala grande")  # pending, not yet applied
    count = services.rebuild()
    info = services.status()
    assert count == sum(info["database"].values())
    assert info["drift"] == {"space": 0, "news": 0, "thread": 0, "person": 0}
    assert found(client, "proiettore") == ["Aggiunto dopo"]


def test_search_keeps_answering_during_a_rebuild(network):
    seen = []  # the progress callback runs between batches, before the switch

    def search_meanwhile(done: int) -> None:
        seen.append(services.search({"q": "lambrate"}, None).total)

    services.rebuild(progress=search_meanwhile)
    assert seen and all(total == 1 for total in seen)


def test_a_reply_waits_as_one_thread_update_not_its_whole_forum(network):
    # machina saves the forum on every post (its counters): that must not reindex the forum.
    thread = helpers.topic("Orari estivi", "Agosto aperti?")
    IndexUpdate.objects.all().delete()
    helpers.topic("Orari estivi bis", "Sì", forum=thread.forum)
    assert set(IndexUpdate.objects.values_list("kind", flat=True)) == {"thread"}


def test_renaming_a_forum_updates_its_threads(client, network, worker):
    forum = helpers.topic("Lampade da scrivania", "Consigli?").forum
    forum.name = "Illuminazione"
    forum.save()
    worker()  # the background worker applies the outbox
    hit = client.get("/api/search", {"q": "lampade"}).json()["hits"][0]
    assert "Illuminazione" in str(hit)


def test_a_change_committed_after_a_higher_numbered_one_still_reaches_the_index(
    client, network, worker
):
    # PostgreSQL hands out ids at insert: the transaction holding id 999 may commit after the one
    # holding 1000 (same thread). Its change must not be taken for an older one.
    topic = network["thread"]
    IndexUpdate.objects.create(pk=1000, kind="thread", object_id=topic.pk)
    services.drain()
    helpers.Topic.objects.filter(pk=topic.pk).update(approved=False)  # moderated
    IndexUpdate.objects.create(pk=999, kind="thread", object_id=topic.pk)
    services.drain()
    worker()
    assert found(client, "consulenza") == []


def test_updates_drained_between_the_replay_and_the_switch_reach_the_new_index(
    client, network, monkeypatch, worker
):
    engine = services.get_engine()
    rebuild = engine.rebuild

    def drain_after_replay(build):
        replay = build.replay

        def replay_then_drain():
            late = replay()
            helpers.topic("Tende nuove", "Le tende della sala grande")  # another worker drains
            services.drain()
            return late

        build.replay = replay_then_drain
        return rebuild(build)

    monkeypatch.setattr(engine, "rebuild", drain_after_replay)
    services.rebuild()
    worker()
    assert found(client, "tende") == ["Tende nuove"]
    assert IndexUpdate.objects.count() == 0


def test_a_drain_keeps_its_updates_for_a_rebuild_that_started_meanwhile(network, monkeypatch):
    from search import sources
    from search.models import RebuildMarker

    resolve = sources.resolve_batches

    def rebuild_starts_meanwhile(updates, size):
        RebuildMarker.objects.get_or_create(floor=0)  # another process starts a rebuild
        return resolve(updates, size)

    monkeypatch.setattr(sources, "resolve_batches", rebuild_starts_meanwhile)
    monkeypatch.setattr(services, "DRAIN_BATCH", 1)
    helpers.topic("Uno", "Primo")
    helpers.topic("Due", "Secondo")
    services.drain()
    assert IndexUpdate.objects.filter(applied=True).count() >= 1  # kept for the rebuild's replay


def test_updates_left_applied_by_an_ended_rebuild_are_drained_again(network):
    IndexUpdate.objects.create(kind="thread", object_id=network["thread"].pk, applied=True)
    services.rebuild()  # rows applied to the index that was live are applied to the new one
    assert IndexUpdate.objects.count() == 0
