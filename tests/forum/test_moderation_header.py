"""Moderators see how many posts wait for approval in the header; nobody else is counted."""

import re

from django.urls import reverse

from .factories import PostFactory, TopicFactory, UserFactory


def _badge(html):
    found = re.search(
        r'class="nav-link tv-moderation-queue"[^>]*>[^<]*<span[^>]*>(\d+)</span>', html
    )
    return int(found.group(1)) if found else None


def test_a_moderator_sees_the_queue_size_in_the_header_and_reaches_the_queue(login, moderator):
    PostFactory.create_batch(2, topic=TopicFactory(), approved=False)
    html = login(moderator).get("/forum/").content.decode()
    assert _badge(html) == 2
    assert f'href="{reverse("forum_moderation:queue")}"' in html


def test_members_and_visitors_see_no_queue_in_the_header(client, login, member):
    PostFactory(topic=TopicFactory(), approved=False, poster=UserFactory())
    assert _badge(client.get("/forum/").content.decode()) is None
    assert _badge(login(member).get("/forum/").content.decode()) is None


def test_a_host_counts_only_the_queue_of_their_own_space(login, publish_space, host):
    page = publish_space(hosts=[host])
    PostFactory(topic=TopicFactory(forum=page.space_forum), approved=False)
    PostFactory(topic=TopicFactory(), approved=False)  # the network's board: not theirs
    assert _badge(login(host).get("/forum/").content.decode()) == 1


def test_the_queue_counts_a_single_post_in_the_singular(login, moderator):
    PostFactory(topic=TopicFactory(), approved=False)
    html = login(moderator).get(reverse("forum_moderation:queue")).content.decode()
    assert "1 messaggio trovato" in html
