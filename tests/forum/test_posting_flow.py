"""Sign up → first post queued → a moderator approves → it appears, subscribers get one email."""

import re

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from machina.core.db.models import get_model

from forum import queue_mail

from .conftest import post_reply, post_topic, topic_url
from .factories import PASSWORD, PostFactory, TopicFactory, UserFactory

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


def _sign_up(client, username="nuova"):
    """Sign up, open the confirmation link, log in: a member who may post."""
    response = client.post(
        reverse("signup"),
        {
            "username": username,
            "email": f"{username}@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    link = re.search(r"https?://\S+/accounts/confirm/\S+", mail.outbox.pop().body).group()
    assert client.get(link[link.index("/accounts/") :]).status_code == 200
    credentials = {"username": username, "password": PASSWORD}
    assert client.post(reverse("login"), credentials).status_code == 302
    return client


def test_a_new_members_first_reply_waits_for_approval_then_notifies_subscribers_once(
    client, moderator, django_capture_on_commit_callbacks
):
    author, follower = UserFactory(username="autrice"), UserFactory(username="lettore")
    topic = TopicFactory(poster=author, subject="Scrivanie a Lambrate")
    topic.subscribers.add(follower)
    _sign_up(client)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_reply(client, topic, "Ne cerco una anch'io!").status_code == 302
    reply = Post.objects.get(content="Ne cerco una anch'io!")
    assert reply.approved is False
    queue_mail.send_digests()  # the worker's round
    assert [m.to for m in mail.outbox] == [[moderator.email]]  # the queue's news, nobody else's
    mail.outbox.clear()
    client.logout()
    assert "Ne cerco una" not in client.get(topic_url(topic)).content.decode()

    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("forum_moderation:approve_queued_post", args=[reply.pk]))
    assert response.status_code == 302
    client.logout()
    assert "Ne cerco una" in client.get(topic_url(topic)).content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["autrice@example.org", "lettore@example.org"]

    reply.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        reply.save()  # an edit after approval sends nothing again
    assert len(mail.outbox) == 2


def test_a_topic_author_is_subscribed_to_their_own_topic(login, member, board):
    response = post_topic(login(member), board(), "Cerco un monitor")
    assert response.status_code == 302
    topic = Topic.objects.get(subject="Cerco un monitor")
    assert list(topic.subscribers.all()) == [member]


def test_the_reply_author_is_not_emailed_about_their_own_reply(
    login, member, django_capture_on_commit_callbacks
):
    topic = TopicFactory(poster=member)
    topic.subscribers.add(member)
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(login(member), topic, "Aggiorno io stesso.")
    assert Post.objects.get(content="Aggiorno io stesso.").approved
    assert mail.outbox == []


def test_the_email_unsubscribe_link_works_without_signing_in(
    client, member, django_capture_on_commit_callbacks
):
    follower = UserFactory(username="follower")
    topic = TopicFactory()
    topic.subscribers.add(follower)
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(client_for(client, member), topic, "Novità!")
    # The topic's author is subscribed too: take the follower's email, whatever the order.
    (email,) = [m for m in mail.outbox if m.to == [follower.email]]
    link = re.search(r"https?://\S+/forum/unsubscribe/\S+/", email.body).group(0)
    client.logout()
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200  # asks first: scanners follow links
    assert follower in topic.subscribers.all()
    assert client.post("/" + path).status_code == 200
    assert follower not in topic.subscribers.all()


def test_a_tampered_unsubscribe_link_gets_a_clear_400(client, db):
    response = client.get("/forum/unsubscribe/not-a-real-token/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode() or "non è valido" in response.content.decode()


def test_after_three_approved_posts_a_member_posts_without_approval(login, board):
    user = UserFactory()
    PostFactory.create_batch(2, poster=user)
    topic = TopicFactory()
    post_reply(login(user), topic, "terzo")
    assert Post.objects.get(content="terzo").approved is False
    PostFactory(poster=user)  # a moderator approved another one meanwhile
    post_reply(login(user), topic, "quarto")
    assert Post.objects.get(content="quarto").approved is True


def test_new_accounts_are_rate_limited_with_a_clear_message_and_keep_their_text(login):
    topic = TopicFactory()
    client = login(UserFactory())
    for n in range(5):
        assert post_reply(client, topic, f"messaggio {n}").status_code == 302
    response = post_reply(client, topic, "il sesto messaggio")
    assert response.status_code == 200
    html = response.content.decode()
    assert "il sesto messaggio" in html  # nothing lost
    assert "5" in html and "10 minut" in html
    assert not Post.objects.filter(content="il sesto messaggio").exists()


def client_for(client, user):
    client.force_login(user)
    return client


def test_staff_and_moderators_post_without_waiting_for_approval(login, staff, moderator):
    topic = TopicFactory()
    for user in (staff, moderator):
        post_reply(login(user), topic, f"scrive {user.username}")
        assert Post.objects.get(content=f"scrive {user.username}").approved


def test_with_the_database_queue_a_reply_sends_no_email_until_the_worker_runs(
    login, member, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    follower = UserFactory(username="follower")
    topic = TopicFactory()
    topic.subscribers.add(follower)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_reply(login(member), topic, "In coda.").status_code == 302
    assert mail.outbox == []  # the request only queued the notification
    assert DBTaskResult.objects.filter(status="READY").exists()
    call_command("worker", "--once")
    assert follower.email in [m.to[0] for m in mail.outbox]
    assert not DBTaskResult.objects.filter(status="READY").exists()
