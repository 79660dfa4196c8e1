"""The demo tells a plausible story: dates spread over months in order, comments after their
article, numbers and tags that agree with the data."""

import datetime

from django.utils import timezone
from machina.core.db.models import get_model

from community.models import NewsPage, SpacePage

NewsTopic = get_model("forum", "NewsTopic")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


def test_forum_threads_are_spread_over_months_not_the_moment_of_loading(demo):
    days = {p.created.date() for p in Post.objects.filter(topic__news_link__isnull=True)}
    assert len(days) >= 10
    assert min(days) <= timezone.localdate() - datetime.timedelta(days=90)
    assert max(days) < timezone.localdate() + datetime.timedelta(days=1)


def test_every_reply_comes_after_its_topic_started(demo):
    for topic in Topic.objects.all():
        first = topic.posts.order_by("created").first()
        assert first.pk == topic.first_post_id, topic.subject


def test_the_seed_articles_comments_come_the_day_after_it(demo):
    link = NewsTopic.objects.get(page__slug__icontains="assessor")
    article_day = NewsPage.objects.get(pk=link.page_id).date
    comments = link.topic.posts.exclude(pk=link.topic.first_post_id)
    assert comments.count() == 2
    assert {p.created.date() for p in comments} == {article_day + datetime.timedelta(days=1)}
    assert link.topic.last_post_on.date() == article_day + datetime.timedelta(days=1)


def test_the_bike_article_counts_the_spaces_the_filter_finds(demo):
    article = NewsPage.objects.get(slug="in-bici-al-coworking")
    with_storage = SpacePage.objects.live().filter(amenities__slug="deposito-bici")
    words = {"Quattro": 4, "Cinque": 5, "Sei": 6, "Sette": 7}
    assert words[article.intro.split()[0]] == with_storage.count()
    assert set(article.related_spaces.all()) == set(with_storage)


def test_demo_tags_carry_their_accents(demo, client):
    article = NewsPage.objects.get(slug="in-bici-al-coworking")
    assert [t.name for t in article.tags.all()] == ["mobilità"]
    assert "mobilità" in client.get(article.url).content.decode()


def test_every_demo_space_has_a_host_and_a_few_threads_in_its_forum(demo):
    for space in SpacePage.objects.live():
        assert space.hosts.exists(), space.title
        forum = space.space_forum
        assert Topic.objects.filter(forum=forum, approved=True).count() >= 2, space.title


def test_every_demo_space_page_names_its_hosts_never_by_login_name(demo, client):
    for space in SpacePage.objects.live():
        html = client.get(space.url).content.decode()
        hosts = html.split('class="tv-hosts">', 1)[1].split("</dd>", 1)[0]
        assert "host_" not in hosts and "gestore dello spazio" not in hosts, (space.title, hosts)


def test_a_demo_member_finds_only_the_recent_threads_unread(demo, django_user_model):
    from machina.apps.forum_tracking.handler import TrackingHandler

    giulia = django_user_model.objects.get(username="giulia")
    topics = list(Topic.objects.filter(approved=True, forum__board_key="bacheca"))
    unread = TrackingHandler().get_unread_topics(topics, giulia)
    assert 0 <= len(unread) < len(topics)
    recent = timezone.now() - datetime.timedelta(days=10)
    assert all(t.last_post_on > recent for t in unread)
