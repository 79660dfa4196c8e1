"""A member who signed up writes in the forum only once the email address is confirmed."""

import re

from django.core import mail
from django.urls import reverse

from .conftest import post_reply, post_topic
from .factories import PASSWORD, TopicFactory


def sign_up_and_log_in(client, username="nuova"):
    form = {"username": username, "email": f"{username}@example.org"}
    client.post(reverse("signup"), form | {"password1": PASSWORD, "password2": PASSWORD})
    client.post(reverse("login"), {"username": username, "password": PASSWORD})
    return re.search(r"/accounts/confirm/\S+", mail.outbox[0].body).group()


def test_an_unconfirmed_member_reads_but_cannot_start_topics_or_reply(client, board):
    topic = TopicFactory(subject="Scrivanie a Lambrate")
    sign_up_and_log_in(client)
    assert client.get(reverse("forum:index")).status_code == 200
    assert post_topic(client, board()).status_code == 403
    assert post_reply(client, topic, "Prima della conferma").status_code == 403


def test_once_confirmed_the_member_posts(client, board):
    link = sign_up_and_log_in(client)
    client.get(link)
    assert post_topic(client, board(), subject="Dopo la conferma").status_code == 302


def test_members_who_never_signed_up_here_post_without_confirming(login, member, board):
    assert post_topic(login(member), board(), subject="Da sempre qui").status_code == 302


def test_an_unconfirmed_member_is_told_why_and_how_to_get_the_link_again(client, board):
    sign_up_and_log_in(client)
    forum_page = client.get(reverse("forum:index")).content.decode()
    refused = post_topic(client, board()).content.decode()
    for html in (forum_page, refused):
        assert "non è ancora confermato" in html and 'href="/accounts/confirm/"' in html
