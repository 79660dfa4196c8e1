"""Space ↔ forum and news ↔ topic: publish, rename, unpublish, delete; hosts moderate."""

from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse
from machina.core.db.models import get_model

from forum.services import news_discussion, space_forum_threads

from .conftest import forum_url, new_topic_url, post_reply, post_topic, topic_url
from .factories import PostFactory, TopicFactory, UserFactory

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")


def test_publishing_a_space_creates_its_forum_under_spazi(publish_space, client):
    page = publish_space("Bottega Isola", tagline="Luce e silenzio")
    forum = Forum.objects.get(space_page=page)
    assert forum.parent.board_key == "spazi" and forum.name == "Bottega Isola"
    assert "Luce e silenzio" in client.get(forum_url(forum.parent)).content.decode()
    assert f'href="{page.url}"' in client.get(forum_url(forum)).content.decode()  # breadcrumb


def test_renaming_a_space_renames_its_forum(publish_space):
    page = publish_space("Bottega Isola")
    page.title = "Bottega Isola Nord"
    page.save_revision().publish()
    assert Forum.objects.get(space_page=page).name == "Bottega Isola Nord"
    assert Forum.objects.filter(space_page=page).count() == 1


def test_unpublishing_a_space_closes_its_forum_and_hides_it_but_from_moderators(
    publish_space, login, member, moderator
):
    page = publish_space()
    forum = Forum.objects.get(space_page=page)
    topic = TopicFactory(forum=forum)
    page.unpublish()
    client = login(member)
    assert client.get(forum_url(forum)).status_code == 403  # the space's name and tagline
    assert post_topic(client, forum).status_code == 403
    assert post_reply(client, topic).status_code == 403
    assert login(moderator).get(forum_url(forum)).status_code == 200


def test_republishing_a_space_reopens_its_forum(publish_space, login, member):
    page = publish_space()
    page.unpublish()
    page.save_revision().publish()
    forum = Forum.objects.get(space_page=page)
    assert post_topic(login(member), forum, "Di nuovo aperti").status_code == 302


def test_deleting_a_space_leaves_its_forum_archived_for_moderators(
    publish_space, login, member, moderator
):
    page = publish_space()
    forum_pk = Forum.objects.get(space_page=page).pk
    page.delete()
    forum = Forum.objects.get(pk=forum_pk)
    assert forum.is_closed and forum.space_page is None
    assert login(member).get(forum_url(forum)).status_code == 403
    assert login(member).get(new_topic_url(forum)).status_code == 403
    assert login(moderator).get(forum_url(forum)).status_code == 200


def test_hosts_moderate_their_own_space_forum_only(publish_space, login, host, board):
    page = publish_space(hosts=[host])
    own = TopicFactory(forum=Forum.objects.get(space_page=page))
    elsewhere = TopicFactory(forum=board())
    client = login(host)
    for topic, expected in [(own, True), (elsewhere, False)]:
        client.post(
            reverse("forum_moderation:topic_lock", kwargs={"slug": topic.slug, "pk": topic.pk})
        )
        topic.refresh_from_db()
        assert topic.is_locked is expected


def test_space_hosts_group_follows_the_hosts_of_live_spaces(publish_space):
    host, other = UserFactory(), UserFactory()
    page = publish_space(hosts=[host])
    group = Group.objects.get(name="Space hosts")
    assert list(group.user_set.all()) == [host]
    page.hosts.set([other])
    page.save_revision().publish()
    assert list(group.user_set.all()) == [other]
    page.unpublish()
    assert list(group.user_set.all()) == []


def test_the_space_block_lists_latest_threads_and_a_start_link(publish_space, member):
    page = publish_space()
    forum = Forum.objects.get(space_page=page)
    TopicFactory(forum=forum, subject="Caffè finito")
    block = space_forum_threads(page, member)
    assert [t["subject"] for t in block["threads"]] == ["Caffè finito"]
    assert block["new_topic_url"] == new_topic_url(forum)
    assert space_forum_threads(page, AnonymousUser())["new_topic_url"].startswith(
        "/accounts/login/"
    )


def test_publishing_news_opens_a_topic_with_the_intro_and_a_link_back(publish_news, client):
    page = publish_news()
    discussion = news_discussion(page, AnonymousUser())
    assert discussion["reply_count"] == 0 and not discussion["is_locked"]
    html = client.get(discussion["topic_url"]).content.decode()
    assert "Il Comune al tavolone." in html and f'href="{page.url}"' in html


def test_news_replies_show_on_the_article_rendered_safely(publish_news, member):
    page = publish_news()
    topic = Topic.objects.get(news_link__page=page)
    PostFactory(topic=topic, poster=member, content="Bel colpo! <script>alert(1)</script>")
    discussion = news_discussion(page, AnonymousUser())
    assert discussion["reply_count"] == 1
    assert "Bel colpo!" in discussion["replies"][0]["html"]
    assert "<script" not in discussion["replies"][0]["html"]


def test_renaming_news_renames_its_topic(publish_news):
    page = publish_news()
    page.title = "Incontro con l'assessore al lavoro"
    page.save_revision().publish()
    assert Topic.objects.get(news_link__page=page).subject == "Incontro con l'assessore al lavoro"


def test_unpublishing_news_locks_its_topic_and_hides_it(publish_news, login, member, moderator):
    page = publish_news()
    topic = Topic.objects.get(news_link__page=page)
    page.unpublish()
    topic.refresh_from_db()
    assert topic.is_locked
    assert post_reply(login(member), topic).status_code == 404  # hidden: not there for them
    assert news_discussion(page, member) is None
    assert news_discussion(page, moderator)["is_locked"]


def test_deleting_news_keeps_its_discussion_locked_for_moderators_only(
    publish_news, client, moderator
):
    page = publish_news()
    topic = Topic.objects.get(news_link__page=page)
    page.delete()
    topic.refresh_from_db()
    assert topic.is_locked
    assert client.get(topic_url(topic)).status_code == 404
    client.force_login(moderator)
    assert client.get(topic_url(topic)).status_code == 200
