"""Posts waiting for approval: seen only by their author and the forum's moderators, who are
emailed in batches (at most one email each per interval); the author is told it waits, not
that it was published."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from forum import queue_mail

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


def _digest_round(at=None) -> int:
    return queue_mail.send_digests(at)


def test_moderators_get_one_email_listing_every_waiting_post_with_absolute_links(
    client, newcomer, moderator, member, board
):
    post_topic(_as(client, newcomer), board(), "Cerco una scrivania", "Per marzo.")
    post_reply(client, TopicFactory(), "Anche per aprile.")
    call_command("worker", "--once")  # the one background worker sends the digest
    (email,) = mail.outbox  # the moderator: not the author, not another coworker
    assert email.to == [moderator.email]
    for content in ("Per marzo.", "Anche per aprile."):
        queued = Post.objects.get(content=content)
        link = settings.SITE_URL + reverse("forum_moderation:queued_post", args=[queued.pk])
        assert link.startswith("http") and link in email.body
        assert link in email.alternatives[0][0] and content in email.body


def test_a_moderator_gets_at_most_one_queue_email_per_interval(client, newcomer, moderator):
    now = timezone.now()
    post_reply(_as(client, newcomer), TopicFactory(), "Prima in attesa")
    assert _digest_round(now) == 1
    post_reply(client, TopicFactory(), "Seconda in attesa")
    post_reply(client, TopicFactory(), "Terza in attesa")
    assert _digest_round(now + timedelta(minutes=1)) == 0  # too soon: they wait
    assert _digest_round(now + timedelta(minutes=5)) == 1
    assert len(mail.outbox) == 2
    assert "Seconda in attesa" in mail.outbox[1].body and "Terza" in mail.outbox[1].body
    assert "Prima in attesa" not in mail.outbox[1].body  # told once


def test_a_post_approved_before_the_round_is_not_emailed(client, newcomer, moderator):
    post_reply(_as(client, newcomer), TopicFactory(), "Approvata subito")
    Post.objects.filter(content="Approvata subito").update(approved=True)
    assert _digest_round() == 0 and mail.outbox == []


def test_the_moderators_email_escapes_what_the_author_wrote(client, newcomer, moderator):
    post_reply(_as(client, newcomer), TopicFactory(), '<script>alert("x")</script>')
    _digest_round()
    (email,) = mail.outbox
    html = email.alternatives[0][0]
    assert "<script>" not in email.body and "<script>" not in html
    assert "&lt;script&gt;" in html and "\n" not in email.subject


def test_a_post_published_at_once_emails_no_moderator(client, member, moderator):
    post_reply(_as(client, member), TopicFactory(), "Subito pubblicata")
    _digest_round()
    assert [m for m in mail.outbox if m.to == [moderator.email]] == []


def test_one_refused_address_neither_blocks_nor_repeats_the_other_moderators_emails(
    client, newcomer, moderator, monkeypatch
):
    UserFactory(username="seconda", email="seconda@example.org", groups=["Moderators"])
    post_reply(_as(client, newcomer), TopicFactory(), "In coda")
    send = locmem.EmailBackend.send_messages  # (imported: no earlier test may have sent)

    def refuse_one(self, messages):
        if messages[0].to == [moderator.email]:
            raise OSError("550 mailbox unavailable")
        return send(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refuse_one)
    assert _digest_round() == 1
    assert [m.to for m in mail.outbox] == [["seconda@example.org"]]
    assert _digest_round(timezone.now() + timedelta(minutes=10)) == 0  # sent once, not again
