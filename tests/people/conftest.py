"""A space, a person with a profile and a forum post there, and one reader per role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from machina.core.db.models import get_model

from community.models import SpaceIndexPage, SpacePage
from people.models import Profile, Skill
from tavolone.home.demo import ensure_home
from tests.forum.factories import TopicFactory, UserFactory

ForumProfile = get_model("forum_member", "ForumProfile")
READERS = ("anonymous", "coworker", "host", "moderator")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def space(db):
    home = ensure_home()
    index = home.add_child(instance=SpaceIndexPage(title="Spazi", slug="spazi"))
    page = index.add_child(instance=SpacePage(title="Spazio Ortica", slug="ortica", live=False))
    page.save_revision().publish()
    return SpacePage.objects.get(pk=page.pk)


def make_person(space, username="ada", visibility="public", **fields):
    user = UserFactory(username=username, email=f"{username}@example.org")
    profile = Profile.objects.create(
        user=user,
        visibility=visibility,
        display_name=fields.pop("display_name", "Ada Zorzi"),
        **fields,
    )
    ForumProfile.objects.update_or_create(user=user, defaults={"home_space": space})
    return profile


@pytest.fixture
def person(space):
    """A person whose visibility a test sets, with a thread in the forum."""
    profile = make_person(space)
    profile.skills.add(Skill.objects.create(name="Ceramica", slug="ceramica"))
    topic = TopicFactory(poster=profile.user, subject="Forno condiviso")
    profile.topic = topic
    return profile


@pytest.fixture
def reader(request, space, client):
    """The test client signed in as `request.param` (a name from READERS)."""
    role = request.param
    if role == "anonymous":
        return client
    user = UserFactory(username=f"reader_{role}")
    if role == "host":
        space.hosts.add(user)
        space.save(update_fields=["hosts"])
    if role == "moderator":
        user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    client.force_login(user)
    return client
