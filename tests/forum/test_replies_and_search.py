"""A reply request records its search update and answers: it never waits on the search engine;
the background worker applies the update."""

from pathlib import Path

import tantivy
from django.conf import settings
from machina.core.db.models import get_model

from search import services
from search.models import IndexUpdate

from .conftest import post_reply
from .factories import TopicFactory

Post = get_model("forum_conversation", "Post")


def titles(client, q: str) -> list[str]:
    response = client.get("/api/search", {"q": q})
    assert response.status_code == 200
    return [hit["title"] for hit in response.json()["hits"]]


def test_a_reply_never_touches_the_search_engine(
    login, member, monkeypatch, django_capture_on_commit_callbacks
):
    topic, asked = TopicFactory(), []
    monkeypatch.setattr(services, "get_engine", lambda: asked.append(1))
    with django_capture_on_commit_callbacks(execute=True):  # what runs after its commit too
        assert post_reply(login(member), topic, content="Subito.").status_code == 302
    assert asked == []
    assert IndexUpdate.objects.filter(kind="thread", object_id=topic.pk).exists()


def test_a_reply_posted_while_the_index_is_locked_is_found_after_the_worker_runs(
    login, member, run_worker, django_capture_on_commit_callbacks
):
    topic = TopicFactory(subject="Stampante del primo piano")
    client = login(member)
    live = tantivy.Index.open(str(Path(settings.SEARCH_TANTIVY_PATH, "current")))
    lock = live.writer(heap_size=15_000_000, num_threads=1)  # another writer holds the lock
    with django_capture_on_commit_callbacks(execute=True):
        response = post_reply(client, topic, content="Toner sostituito oggi.")
    assert response.status_code == 302
    assert IndexUpdate.objects.filter(kind="thread", object_id=topic.pk).exists()
    lock.wait_merging_threads()  # lets go of the lock
    run_worker()
    assert titles(client, "toner") == ["Stampante del primo piano"]
    assert not IndexUpdate.objects.exists()
