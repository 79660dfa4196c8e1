"""Posts waiting for approval: seen only by their author and the forum's moderators, who are
emailed about each new one; the author is told it waits, not that it was published."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from machina.core.db.models import get_model

from .conftest import post_reply, post_topic, reply_url, topic_url
from .factories import PostFactory, TopicFactory, UserFactory

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


@pytest.fixture
def newcomer(db):
    return UserFactory(username="nuovo")  # no approved post yet: what they write waits


@pytest.fixture
def waiting_reply(newcomer):
    topic = TopicFactory(subject="Scrivanie libere")
    return PostFactory(topic=topic, poster=newcomer, content="Risposta in attesa", approved=False)


@pytest.fixture
def waiting_topic(newcomer, board):
    topic = TopicFactory(forum=board(), poster=newcomer, subject="Tema in attesa", approved=False)
    topic.first_post.approved = False
    topic.first_post.save()
    return Topic.objects.get(pk=topic.pk)


def _as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def test_a_waiting_reply_is_shown_to_its_author_and_moderators_only(
    client, waiting_reply, newcomer, moderator, member
):
    url = topic_url(waiting_reply.topic)
    for user, shown in ((None, False), (member, False), (newcomer, True), (moderator, True)):
        html = _as(client, user).get(url).content.decode()
        assert ("Risposta in attesa" in html) is shown, user
        assert ("waiting-approval" in html) is shown, user


def test_a_waiting_topics_urls_are_a_404_but_for_its_author_and_moderators(
    client, waiting_topic, newcomer, moderator, member
):
    subscribe = reverse("forum_member:topic_subscribe", args=[waiting_topic.pk])
    for user in (None, member):
        assert _as(client, user).get(topic_url(waiting_topic)).status_code == 404
        assert "Tema in attesa" not in client.get(reply_url(waiting_topic)).content.decode()
        assert "Tema in attesa" not in client.get(subscribe).content.decode()
    for user in (newcomer, moderator):
        assert "Tema in attesa" in _as(client, user).get(topic_url(waiting_topic)).content.decode()


def test_a_members_posts_page_lists_waiting_posts_to_their_author_and_moderators_only(
    client, waiting_reply, newcomer, moderator, member
):
    url = reverse("forum_member:user_posts", args=[newcomer.pk])
    for user, shown in ((None, False), (member, False), (newcomer, True), (moderator, True)):
        html = _as(client, user).get(url).content.decode()
        assert ("Risposta in attesa" in html) is shown, user


@pytest.mark.parametrize("language, waits", [("en", "waiting for approval"), ("it", "in attesa")])
def test_the_author_of_a_waiting_post_is_told_it_waits_not_that_it_was_published(
    client, newcomer, language, waits
):
    _as(client, newcomer).cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = post_reply(client, TopicFactory(), "Prima risposta")
    html = client.get(response["Location"]).content.decode()
    assert waits in html
    assert "posted successfully" not in html and "Messaggio pubblicato" not in html


def test_a_newcomers_topic_waits_and_its_author_is_told_so(client, newcomer, board):
    response = post_topic(_as(client, newcomer), board(), "Il mio primo tema", "Ciao a tutti.")
    html = client.get(response["Location"]).content.decode()
    assert "in attesa di approvazione" in html and "Messaggio pubblicato" not in html
    assert Topic.objects.get(subject="Il mio primo tema").approved is False


def test_a_trusted_member_is_still_told_their_post_was_published(client, member):
    response = post_reply(_as(client, member), TopicFactory(), "Risposta subito visibile")
    html = client.get(response["Location"]).content.decode()
    assert "Messaggio pubblicato" in html and "in attesa" not in html


def test_moderators_get_one_email_per_new_waiting_post_with_absolute_links(
    client, newcomer, moderator, member, board, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_topic(_as(client, newcomer), board(), "Cerco una scrivania", "Per marzo.")
    (email,) = mail.outbox  # the moderator: not the author, not another coworker
    assert email.to == [moderator.email]
    queued = Post.objects.get(content="Per marzo.")
    link = settings.SITE_URL + reverse("forum_moderation:queued_post", args=[queued.pk])
    assert link.startswith("http") and link in email.body
    assert link in email.alternatives[0][0]


def test_the_moderators_email_escapes_what_the_author_wrote(
    client, newcomer, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(_as(client, newcomer), TopicFactory(), '<script>alert("x")</script>')
    (email,) = mail.outbox
    html = email.alternatives[0][0]
    assert "<script>" not in email.body and "<script>" not in html
    assert "&lt;script&gt;" in html and "\n" not in email.subject


def test_a_post_published_at_once_emails_no_moderator(
    client, member, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(_as(client, member), TopicFactory(), "Subito pubblicata")
    assert [m for m in mail.outbox if m.to == [moderator.email]] == []
