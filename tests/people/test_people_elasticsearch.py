"""People on the Elasticsearch engine, against recorded Elasticsearch 8 answers
(tests/search/es_replay.py): what a profile and an erasure write to the cluster."""

from __future__ import annotations

import json

import pytest

from people import erasure
from people.models import Skill
from search import services as search
from search import sources
from tests.search import es_replay as rec
from tests.search.conftest import es  # noqa: F401 (the loopback Elasticsearch fixture)

from .conftest import make_person
from .rich_person import ERASED, KEPT, make_rich_person


@pytest.fixture
def cluster(es):  # noqa: F811
    store = rec.VersionedBulk()
    es.on("PUT", "/_bulk", store).on("POST", "/_bulk", store)
    return store


def test_a_public_profile_is_written_with_name_skills_and_bio(cluster, space):
    ada = make_person(space, display_name="Ada Zorzi", bio="Smalti al piombo")
    ada.skills.add(Skill.objects.create(name="Ceramica", slug="ceramica"))
    search.drain()
    source = cluster.docs[f"person:{ada.pk}"][1]
    assert source["kind"] == "person" and source["title"] == "Ada Zorzi"
    assert "Ceramica" in source["body"] and "Smalti al piombo" in source["body"]


def test_a_members_only_profile_is_written_for_members_and_out_of_suggestions(cluster, space):
    ada = make_person(space, visibility="members")
    search.drain()
    source = cluster.docs[f"person:{ada.pk}"][1]
    assert source["is_public"] is False and source["suggest_text"] == ""
    assert source["forum_id"] == sources.MEMBERS_AUDIENCE  # read by signed-in members alone


def test_a_hidden_profile_is_deleted_from_the_cluster(cluster, space):
    ada = make_person(space)
    search.drain()
    assert cluster.docs[f"person:{ada.pk}"][1] is not None
    ada.visibility = "hidden"
    ada.save()
    search.drain()
    assert cluster.docs[f"person:{ada.pk}"][1] is None


def test_an_erased_person_leaves_no_token_in_any_document_of_the_cluster(cluster, space):
    rich = make_rich_person(space)
    search.drain()
    before = json.dumps([source for _, source in cluster.docs.values()]).lower()
    assert {"display_name", "bio", "tag"} <= {n for n, t in ERASED.items() if t.lower() in before}
    erasure.erase(user=rich.user)
    search.drain()
    assert cluster.docs[f"person:{rich.pk}"][1] is None
    stored = json.dumps([source for _, source in cluster.docs.values()]).lower()
    for name, token in ERASED.items():
        assert token.lower() not in stored, name  # suggest_text (did you mean) included
    assert KEPT["post"] in stored  # the kept post is still found, without its author
