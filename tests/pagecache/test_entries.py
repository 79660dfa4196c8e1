"""A stored page's copy in the process: served while no tag moved, whoever moved it."""

from django.test import RequestFactory

from tavolone.pagecache import entries
from tavolone.pagecache.middleware import page_key
from tavolone.pagecache.tags import ANY, generations, store


def key_of(url: str) -> str:
    return page_key(RequestFactory().get(url, headers={"host": "testserver"}))


def bump_elsewhere(*tags: str) -> None:
    """What another worker's bump leaves in the shared cache (tags first, then ANY)."""
    for tag in [*tags, ANY]:
        store().incr(f"pc:gen:{tag}")


def test_a_copy_is_dropped_when_another_process_moves_one_of_its_tags(client, demo):
    client.get("/news/")
    key = key_of("/news/")
    copy = entries.lookup(key)
    assert copy is not None and entries.lookup(key) is copy  # kept in this process
    bump_elsewhere(sorted(copy["gens"])[-1])
    assert entries.lookup(key) is None


def test_a_change_to_an_unrelated_tag_keeps_the_copy(client, demo):
    client.get("/news/")
    key = key_of("/news/")
    copy = entries.lookup(key)
    generations(["topic:999999"])
    bump_elsewhere("topic:999999")
    assert entries.lookup(key) is copy


def test_a_hit_reads_one_counter_while_nothing_changed(client, demo, monkeypatch):
    client.get("/news/")
    key = key_of("/news/")
    assert entries.lookup(key) is not None
    read = []
    get_many = store().get_many
    monkeypatch.setattr(store(), "get_many", lambda keys: read.append(keys) or get_many(keys))
    assert entries.lookup(key) is not None
    assert read == [[f"pc:gen:{ANY}"]]
