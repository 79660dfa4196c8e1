"""The demo network's forum: boards filled, the seed article's comments, one look."""

from django.urls import reverse
from machina.core.db.models import get_model

from forum.demo_content import THREADS

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")


def test_the_demo_fills_the_boards_and_the_seed_article_shows_its_two_comments(demo, client):
    assert Topic.objects.filter(news_link__isnull=True).count() >= 28
    seed = Topic.objects.get(news_link__page__slug__contains="assessor")
    html = client.get(seed.news_link.page.url).content.decode()
    assert "complimenti a Massimo e a tutti!" in html
    assert "Grazie Lucio!" in html


def test_loading_the_demo_twice_adds_nothing(demo):
    from django.core.management import call_command

    before = (Topic.objects.count(), Post.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Topic.objects.count(), Post.objects.count()) == before


def test_forum_pages_live_inside_the_site_layout_once(demo, client):
    topic = Topic.objects.filter(subject=THREADS[0][2]).get()
    for url in (
        reverse("forum:index"),
        reverse("forum:forum", args=[topic.forum.slug, topic.forum.pk]),
    ):
        html = client.get(url).content.decode()
        assert html.count("<html") == 1 and html.count("<body") == 1, url
        assert "machina.board_theme.min.css" in html and 'class="breadcrumb"' in html


def test_the_space_page_lists_its_forum_threads(demo, client):
    forum = get_model("forum", "Forum").objects.get(space_page__slug="lambrate")
    html = client.get(forum.space_page.url).content.decode()
    assert "Wi-Fi potenziato al piano terra" in html
