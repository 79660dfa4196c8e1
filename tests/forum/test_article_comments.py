"""The comment box of a news article: a reply to its discussion, written on the article and
answered back on it, with the forum's approval, rate limits, notifications and one-time token."""

import re

import pytest
from django.core import mail
from machina.core.db.models import get_model
from wagtail.models import Page, Site

from forum import queue_mail
from forum.cms import news_topic
from tavolone.home.models import HomePage

from .conftest import topic_url
from .factories import PostFactory, UserFactory

Post = get_model("forum_conversation", "Post")


def _comment(client, page, content="Bell'articolo.", token=None):
    html = client.get(page.url).content.decode()
    found = re.search(r'name="submission_token" value="([0-9a-f]{32})"', html)
    subject = re.search(r'name="subject" value="([^"]*)"', html)
    data = {"content": content, "subject": subject.group(1), "enable_signature": "True"}
    data["submission_token"] = token or found.group(1)
    return client.post(page.url, data)


def test_a_coworker_comments_on_the_article_and_is_brought_back_to_it(publish_news, login, member):
    page = publish_news()
    client = login(member)
    response = _comment(client, page, "Ci sarò anche io.")
    post = Post.objects.get(content="Ci sarò anche io.")
    assert post.topic == news_topic(page) and post.approved
    assert response["Location"] == f"{page.url}#commenti-{post.pk}"
    html = client.get(page.url).content.decode()
    assert "Ci sarò anche io." in html and f'id="commenti-{post.pk}"' in html
    assert topic_url(post.topic) in html  # the link to the whole thread


def test_a_visitor_gets_a_sign_in_link_instead_of_the_box(publish_news, client):
    page = publish_news()
    html = client.get(page.url).content.decode()
    assert "/accounts/login/?next=" in html and 'name="content"' not in html
    assert client.post(page.url, {"content": "x"})["Location"].startswith("/accounts/login/")


def test_a_new_members_comment_waits_and_they_are_told_so(
    publish_news, login, moderator, django_capture_on_commit_callbacks
):
    page = publish_news()
    client = login(UserFactory(username="nuova"))
    with django_capture_on_commit_callbacks(execute=True):
        response = _comment(client, page, "Primo commento.")
    assert Post.objects.get(content="Primo commento.").approved is False
    queue_mail.send_digests()  # the worker's round
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    html = client.get(response["Location"]).content.decode()
    assert "in attesa di approvazione" in html and "pubblicato" not in html
    assert "Primo commento." in html and "waiting-approval" in html  # their own, marked
    client.logout()
    assert "Primo commento." not in client.get(page.url).content.decode()


def test_a_rate_limited_comment_is_shown_again_with_its_error(publish_news, login, settings):
    settings.FORUM_TRUST_RATE_LIMIT_POSTS = 1
    page = publish_news()
    client = login(UserFactory(username="nuova"))
    _comment(client, page, "Uno.")
    response = _comment(client, page, "Due.")
    assert response.status_code == 200
    html = response.content.decode()
    assert "al massimo 1 " in html and "Due." in html
    assert not Post.objects.filter(content="Due.").exists()


def test_a_comment_sent_twice_with_the_same_token_is_written_once(publish_news, login, member):
    page = publish_news()
    client = login(member)
    token = "0123456789abcdef0123456789abcdef"
    first = _comment(client, page, "Una volta.", token=token)
    second = _comment(client, page, "Una volta.", token=token)
    post = Post.objects.get(content="Una volta.")
    assert first["Location"] == second["Location"] == f"{page.url}#commenti-{post.pk}"


def test_the_discussions_subscribers_are_emailed_about_a_comment(
    publish_news, login, member, django_capture_on_commit_callbacks
):
    page = publish_news()
    follower = UserFactory(username="lettrice")
    news_topic(page).subscribers.add(follower)
    with django_capture_on_commit_callbacks(execute=True):
        _comment(login(member), page, "Avviso ai lettori.")
    assert [m.to for m in mail.outbox] == [[follower.email]]


@pytest.fixture
def home_page(db):
    """A home page as the site's root; Wagtail's cached site roots forgotten afterwards (the
    test's rollback sends no signal to clear them)."""
    site = Site.objects.get(is_default_site=True)
    site.root_page = Page.get_first_root_node().add_child(instance=HomePage(title="Casa"))
    site.save()
    yield site.root_page
    Site.clear_site_root_paths_cache()


@pytest.mark.parametrize("comments", [0, 1])
def test_an_article_thread_shows_in_the_home_pages_forum_list_once_commented(
    home_page, publish_news, client, comments
):
    topic = news_topic(publish_news())
    PostFactory.create_batch(comments, topic=topic)
    aside = client.get("/").content.decode().split("tv-featured")[-1]
    assert (topic_url(topic) in aside) is bool(comments)
