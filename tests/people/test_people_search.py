"""People in the unified search: public profiles only, found by name, skill and bio; gone as
soon as they are hidden or erased (through the outbox, like every other change)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from people import erasure
from people.models import Profile, Skill
from search import services as search
from tests.forum.factories import UserFactory

from .conftest import make_person


def _found(client, q: str, **params) -> list[str]:
    search.drain()  # what the worker does after the commit
    answer = client.get("/api/search", {"q": q, **params}).json()
    return [hit["url"] for hit in answer["hits"]]


@pytest.fixture
def ada(space):
    profile = make_person(space, display_name="Ada Zorzi", bio="Smalti al piombo")
    profile.skills.add(Skill.objects.create(name="Ceramica", slug="ceramica"))
    return profile


@pytest.mark.parametrize("q", ["Zorzi", "ceramica", "smalti"])
def test_a_public_profile_is_found_by_name_skill_and_bio(ada, client, q):
    assert _found(client, q) == [reverse("person", args=[ada.pk])]


def test_a_members_only_profile_is_found_by_signed_in_members_alone(ada, client):
    _found(client, "Zorzi")
    ada.visibility = "members"
    ada.save()
    assert _found(client, "Zorzi") == []
    client.force_login(UserFactory(username="collega"))
    assert _found(client, "Zorzi") == [reverse("person", args=[ada.pk])]
    assert _found(client, "ceramica", kind="person") == [reverse("person", args=[ada.pk])]
    # Suggestions are shared by every reader: they never come from a members-only profile.
    assert client.get("/api/autocomplete", {"q": "Zorz"}).json()["results"] == []
    assert "zorzi" not in client.get("/api/suggest", {"q": "zorzy"}).json()["suggestion"]


def test_a_hidden_profile_is_found_by_nobody(ada, client):
    _found(client, "Zorzi")
    ada.visibility = "hidden"
    ada.save()
    client.force_login(ada.user)  # not even its owner: hidden profiles never reach the index
    assert _found(client, "Zorzi") == []
    assert client.get("/api/autocomplete", {"q": "Zorz"}).json()["results"] == []


def test_a_deactivated_members_profile_leaves_the_search(ada, client):
    ada.visibility = "members"
    ada.save()
    client.force_login(UserFactory(username="collega"))
    assert _found(client, "Zorzi") != []
    ada.user.is_active = False
    ada.user.save()
    assert _found(client, "Zorzi") == []


def test_people_are_a_kind_of_their_own(ada, client):
    assert _found(client, "Zorzi", kind="person") == [reverse("person", args=[ada.pk])]
    assert _found(client, "Zorzi", kind="space") == []


def test_an_erased_person_leaves_no_document_and_no_suggestion(ada, client):
    _found(client, "Zorzi")
    erasure.erase(user=ada.user)
    assert _found(client, "Zorzi") == []
    assert client.get("/api/autocomplete", {"q": "Zorz"}).json()["results"] == []
    assert "zorzi" not in client.get("/api/suggest", {"q": "zorzy"}).json()["suggestion"]


def test_a_profile_reindexed_alone_equals_its_rebuilt_document(space, run_worker):
    # Enough people that PostgreSQL reads everyone's tags by another plan than one person's.
    for i in range(12):
        person = make_person(space, username=f"p{i}", display_name=f"Persona {i}")
        person.tags.add("tedesco", f"zeta{i}", f"alfa{i}", "inglese")
    call_command("search_index", "rebuild", stdout=io.StringIO())
    for profile in Profile.objects.all():
        profile.save()  # each reindexed alone by the worker, as an edit does
        run_worker()
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert "missing, extra or different in the index: 0" in out.getvalue()
