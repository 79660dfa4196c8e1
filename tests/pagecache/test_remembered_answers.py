"""What uncached views remember in the pages cache (pagecache/memo.py) follows every change on
the very next request: a member's permission answers (their groups, their pending email
confirmation, a forum's permission rows) and the space directory's filters."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from machina.core.db.models import get_model

from community.models import Amenity
from forum import boards
from forum.links import forum_url, new_topic_url
from tavolone.accounts.models import PendingEmailConfirmation

Forum = get_model("forum", "Forum")
ForumPermission = get_model("forum_permission", "ForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")


@pytest.fixture(autouse=True)
def _answers_remembered(settings):
    settings.SITE_CACHE = False  # the views themselves, each reading the remembered answers
    settings.SITE_CACHE_DATA = True


@pytest.fixture
def signed_in(client, demo):
    def sign_in(username: str):
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        return user

    return sign_in


def host_forum_url() -> str:
    return forum_url(Forum.objects.get(board_key=boards.HOST_SLUG))


def test_a_host_removed_from_the_hosts_group_loses_the_host_forum_at_once(
    client, signed_in, change
):
    host = signed_in("host_lambrate")
    assert client.get(host_forum_url()).status_code == 200
    with change():
        host.groups.remove(Group.objects.get(name=boards.SPACE_HOSTS_GROUP))
    assert client.get(host_forum_url()).status_code == 403


def test_a_coworker_added_to_the_hosts_group_reads_the_host_forum_at_once(
    client, signed_in, change
):
    coworker = signed_in("giulia")
    assert client.get(host_forum_url()).status_code == 403
    with change():  # from the group's side: the members' ids come with the signal
        Group.objects.get(name=boards.SPACE_HOSTS_GROUP).user_set.add(coworker)
    assert client.get(host_forum_url()).status_code == 200


def test_a_forum_permission_row_withdrawn_from_a_member_shows_at_once(client, signed_in, change):
    coworker = signed_in("giulia")
    board = Forum.objects.get(board_key="bacheca")
    assert client.get(forum_url(board)).status_code == 200
    with change():
        UserForumPermission.objects.create(
            forum=board,
            user=coworker,
            permission=ForumPermission.objects.get(codename="can_read_forum"),
            has_perm=False,
        )
    assert client.get(forum_url(board)).status_code == 403


def test_a_pending_confirmation_withholds_new_topics_at_once(client, signed_in, change):
    coworker = signed_in("giulia")
    board = Forum.objects.get(board_key="bacheca")
    assert client.get(new_topic_url(board)).status_code == 200
    with change():
        PendingEmailConfirmation.objects.create(user=coworker, email=coworker.email)
    assert client.get(new_topic_url(board)).status_code == 403
    with change():  # the link opened: the row goes
        PendingEmailConfirmation.objects.filter(user=coworker).delete()
    assert client.get(new_topic_url(board)).status_code == 200


def test_a_new_amenity_shows_in_the_directorys_filters_at_once(client, demo, change):
    assert "glorbamenity" not in client.get("/spazi/").content.decode()
    with change():
        Amenity.objects.create(name="Glorbamenity", slug="glorbamenity")
    assert "glorbamenity" in client.get("/spazi/").content.decode()
