"""machina's pages used by the site render on Django 5.2 (one request each, as a person would)."""

from django.urls import reverse
from machina.core.db.models import get_model

from .conftest import forum_url, new_topic_url, post_url, reply_url, topic_url
from .factories import PostFactory, TopicFactory

Post = get_model("forum_conversation", "Post")


def test_every_forum_page_a_moderator_uses_renders(login, moderator, member, board):
    topic = TopicFactory(poster=member)
    queued = PostFactory(topic=topic, poster=member, approved=False)
    kwargs = {"slug": topic.slug, "pk": topic.pk}
    urls = [
        reverse("forum:index"),
        forum_url(board()),
        topic_url(topic),
        new_topic_url(board()),
        reply_url(topic),
        reverse("forum_moderation:queue"),
        reverse("forum_moderation:queued_post", args=[queued.pk]),
        reverse("forum_moderation:topic_move", kwargs=kwargs),
        reverse("forum_member:profile", args=[member.pk]),
        reverse("forum_member:profile_update"),
        reverse("forum_member:user_posts", args=[member.pk]),
        reverse("forum_member:user_subscriptions"),
        reverse("forum_feeds:latest_topics"),
        reverse("forum_tracking:unread_topics"),
    ]
    client = login(moderator)
    statuses = {url: client.get(url).status_code for url in urls}
    assert set(statuses.values()) == {200}, statuses


def test_a_moderator_moves_a_topic_to_another_board(login, moderator, board):
    topic = TopicFactory(forum=board())
    target = board("eventi")
    response = login(moderator).post(
        reverse("forum_moderation:topic_move", kwargs={"slug": topic.slug, "pk": topic.pk}),
        {"forum": target.pk},
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.forum == target


def test_a_moderator_deletes_a_post_and_a_coworker_cannot(login, moderator, member, board):
    topic = TopicFactory(forum=board())
    post = PostFactory(topic=topic)
    url = post_url("post_delete", post)
    assert login(member).post(url).status_code == 403
    assert login(moderator).post(url).status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()


def test_an_anonymous_visit_to_the_forum_writes_no_session(client, db):
    from django.contrib.sessions.models import Session

    response = client.get(reverse("forum:index"))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()


def test_the_four_posting_pages_answer_with_their_form_and_a_reply_with_the_topic(
    login, moderator, board
):
    topic = TopicFactory(forum=board(), poster=moderator)
    reply = PostFactory(topic=topic, poster=moderator, subject="Re: tavolo")
    ids = {"forum_slug": topic.forum.slug, "forum_pk": topic.forum_id}
    topic_edit = reverse(
        "forum_conversation:topic_update", kwargs={**ids, "slug": topic.slug, "pk": topic.pk}
    )
    post_edit = post_url("post_update", reply)
    client = login(moderator)
    pages = {
        url: client.get(url)
        for url in (new_topic_url(board()), reply_url(topic), topic_edit, post_edit)
    }
    assert {url: page.status_code for url, page in pages.items()} == dict.fromkeys(pages, 200)
    html = {url: page.content.decode() for url, page in pages.items()}
    assert all('class="card post-edit"' in h and 'name="preview"' in h for h in html.values())
    assert 'name="topic_type"' in html[topic_edit] and "topic-review" in html[reply_url(topic)]
