"""The one profile form, the directory's filters, throttle records and the demo's people."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from machina.core.db.models import get_model

from people.models import Profile, Skill
from tests.forum.factories import PASSWORD, UserFactory

from .conftest import make_person

ForumProfile = get_model("forum_member", "ForumProfile")


def _form(space, **person):
    data = {
        "signature": "Ceramista",
        "home_space": space.pk,
        "person-visibility": "members",
        "person-display_name": "  Ada   Zorzi ",
        "person-bio": "Tornio e smalti.",
        "person-tags": "raku, gres",
        "person-open_to_events": "on",
        "person-links": "https://ada.example.org/",
    }
    return data | person


def test_one_form_saves_the_forum_profile_and_the_person(space, client):
    user = UserFactory(username="ada")
    client.force_login(user)
    response = client.post(reverse("person_edit"), _form(space))
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.visibility) == ("Ada Zorzi", "members")
    assert sorted(profile.tags.names()) == ["gres", "raku"]
    assert ForumProfile.objects.get(user=user).home_space_id == space.pk


def test_machinas_profile_url_shows_the_same_form(space, client):
    client.force_login(UserFactory(username="ada"))
    html = client.get(reverse("forum_member:profile_update")).content.decode()
    assert 'name="person-visibility"' in html and 'name="signature"' in html


def test_machinas_form_alone_leaves_the_person_as_they_were(space, client):
    profile = make_person(space, visibility="public")
    client.force_login(profile.user)
    client.post(reverse("forum_member:profile_update"), {"signature": "Nuova firma"})
    profile.refresh_from_db()
    assert (profile.visibility, profile.display_name) == ("public", "Ada Zorzi")


def test_a_link_that_is_not_a_web_address_is_refused(space, client):
    client.force_login(UserFactory(username="ada"))
    form = _form(space, **{"person-links": "javascript:alert(1)"})
    response = client.post(reverse("person_edit"), form)
    assert response.status_code == 200
    assert not Profile.objects.filter(links__contains="javascript").exists()


@pytest.mark.parametrize("name", ["Redazione", "REDAZIONE", "Ada Zоrzi", "Ａｄａ Ｚｏｒｚｉ"])
def test_a_display_name_that_passes_for_another_members_is_refused(space, client, name):
    make_person(space, visibility="public")  # "Ada Zorzi"
    UserFactory(username="redazione")
    client.force_login(UserFactory(username="bruno"))
    response = client.post(reverse("person_edit"), _form(space, **{"person-display_name": name}))
    assert response.status_code == 200
    assert "person-display_name" in response.content.decode()
    assert not Profile.objects.filter(user__username="bruno", display_name=name).exists()


def test_a_member_may_show_their_own_username_as_their_name(space, client):
    client.force_login(UserFactory(username="bruno"))
    response = client.post(reverse("person_edit"), _form(space, **{"person-display_name": "Bruno"}))
    assert response.status_code == 302
    assert Profile.objects.get(user__username="bruno").display_name == "Bruno"


def test_a_new_profile_is_hidden(db):
    assert Profile.objects.create(user=UserFactory()).visibility == "hidden"


def test_the_directory_filters_combine_in_a_shareable_address(space, client):
    pottery = Skill.objects.create(name="Ceramica", slug="ceramica")
    both = make_person(space, username="ada", display_name="Ada", open_to_events=True)
    only_skill = make_person(space, username="bea", display_name="Bea")
    make_person(space, username="cate", display_name="Cate", open_to_events=True)
    both.skills.add(pottery)
    only_skill.skills.add(pottery)
    url = f"{reverse('people')}?skill=ceramica&space={space.pk}&open=events"
    names = [p.name for p in client.get(url).context["profiles"]]
    assert names == ["Ada"]


def test_a_hidden_person_following_their_own_skill_finds_themselves_alone(space, client):
    pottery = Skill.objects.create(name="Ceramica", slug="ceramica")
    ada = make_person(space, username="ada", display_name="Ada", visibility="hidden")
    ada.skills.add(pottery)
    client.force_login(ada.user)
    own = client.get(reverse("person", args=[ada.pk])).content.decode()
    assert f"{reverse('people')}?skill=ceramica" in own  # her skill links to the directory
    page = client.get(reverse("people"), {"skill": "ceramica"})
    assert [p.name for p in page.context["profiles"]] == ["Ada"]
    assert "tv-own-profile" in page.content.decode()  # with her visibility, only she sees it
    client.force_login(UserFactory(username="bea"))
    assert list(client.get(reverse("people"), {"skill": "ceramica"}).context["profiles"]) == []


def test_the_english_address_serves_the_same_directory(space, client):
    make_person(space, display_name="Ada Zorzi")
    assert "Ada Zorzi" in client.get("/people/").content.decode()


def test_deleting_an_account_removes_its_login_throttle_records(space, client):
    profile = make_person(space)
    AccessAttempt.objects.create(username="ada", ip_address="10.0.0.1", failures_since_start=2)
    AccessAttempt.objects.create(username="other", ip_address="10.0.0.1", failures_since_start=1)
    client.force_login(profile.user)
    data = {"password": PASSWORD, "confirm": "on"}
    assert client.post(reverse("account_delete"), data).status_code == 302
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["other"]


@pytest.mark.django_db
def test_the_demo_has_a_dozen_coworkers_at_every_visibility_level(demo):
    levels = list(Profile.objects.values_list("visibility", flat=True))
    assert len(levels) >= 12
    assert set(levels) == {"hidden", "members", "public"}


def test_editors_manage_the_skills_vocabulary(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="redazione"))
    response = client.post(
        "/admin/snippets/people/skill/add/", {"name": "Liuteria", "slug": "liuteria"}
    )
    assert response.status_code == 302
    assert Skill.objects.filter(slug="liuteria").exists()


def test_the_directory_finds_people_by_name_skill_and_bio_words(space, client):
    ada = make_person(space, username="ada", display_name="Ada", bio="Smalti al piombo")
    make_person(space, username="bea", display_name="Bea", bio="Tornio")
    ada.skills.add(Skill.objects.create(name="Ceramica", slug="ceramica"))
    for words in ("ada", "smalti", "ceramica smalti"):
        response = client.get(reverse("people"), {"q": words})
        assert [p.name for p in response.context["profiles"]] == ["Ada"], words
