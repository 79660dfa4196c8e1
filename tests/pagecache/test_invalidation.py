"""Each change purges the pages that show it, and only those; nothing private is stored."""

import pickle
import time
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from community import freshness
from community.models import NewsIndexPage, NewsPage, SpacePage
from tests.forum.factories import PostFactory, TopicFactory, UserFactory

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")


def served_stored(client, url) -> bool:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get("X-Site-Cache") == "hit"


@pytest.fixture
def warm(client, public_pages):
    """Every public page stored once (search answers are not: the index lags); by name."""
    public_pages = {name: url for name, url in public_pages.items() if name != "search"}
    for url in public_pages.values():
        client.get(url)
    assert all(served_stored(client, url) for url in public_pages.values())
    return public_pages


def topic_of(url: str):
    return Topic.objects.get(pk=int(url.split("?")[0].rstrip("/").rsplit("-", 1)[1]))


def test_publishing_an_article_changes_it_its_index_and_home_but_not_the_forum(
    client, warm, change
):
    article = NewsPage.objects.get(
        url_path__endswith=warm["article"].strip("/").split("/")[-1] + "/"
    )
    with change():
        article.title = "Titolo nuovo di zecca"
        article.save_revision().publish()
    for name in ("article", "news index"):
        assert "Titolo nuovo di zecca" in client.get(warm[name]).content.decode(), name
    assert not served_stored(client, warm["home"])  # its latest news
    # (its discussion thread follows the title: the forum index changes too)
    assert served_stored(client, warm["topic"]) and served_stored(client, warm["space directory"])


def test_unpublishing_an_article_removes_it_at_once(client, warm, change):
    article = NewsPage.objects.live().get(url_path__endswith=warm["article"].split("/")[-2] + "/")
    with change():
        article.unpublish()
    assert client.get(warm["article"]).status_code == 404
    assert article.title not in client.get(warm["news index"]).content.decode()


def test_a_scheduled_article_appears_when_the_worker_publishes_it(client, warm, change):
    index = NewsIndexPage.objects.get()
    draft = index.add_child(
        instance=NewsPage(title="Programmata per ieri", live=False, date=timezone.localdate())
    )
    draft.save_revision(approved_go_live_at=timezone.now() + timedelta(seconds=1))
    NewsPage.objects.filter(pk=draft.pk).update(go_live_at=timezone.now() - timedelta(seconds=1))
    assert "Programmata per ieri" not in client.get(warm["news index"]).content.decode()
    from wagtail.models import Revision

    Revision.objects.filter(object_id=str(draft.pk)).update(
        approved_go_live_at=timezone.now() - timedelta(seconds=1)
    )
    with change():
        call_command("publish_scheduled", verbosity=0)
    assert "Programmata per ieri" in client.get(warm["news index"]).content.decode()


def test_a_new_reply_changes_its_topic_forum_and_index_but_no_other_topic(
    client, warm, change, public_pages
):
    topic = topic_of(warm["topic"])
    other = TopicFactory(forum=topic.forum)
    other_url = reverse(
        "forum_conversation:topic", args=[other.forum.slug, other.forum.pk, other.slug, other.pk]
    )
    client.get(other_url)
    with change():
        PostFactory(topic=topic, content="Una risposta appena scritta")
    assert "Una risposta appena scritta" in client.get(warm["topic"]).content.decode()
    assert not served_stored(client, warm["forum"]) and not served_stored(client, warm["home"])
    assert served_stored(client, other_url) and served_stored(client, warm["article"])


def test_a_reply_waiting_for_approval_appears_only_once_approved(client, warm, change):
    topic = topic_of(warm["topic"])
    with change():
        post = PostFactory(topic=topic, content="Risposta in attesa", approved=False)
    assert "Risposta in attesa" not in client.get(warm["topic"]).content.decode()
    with change():
        post.approved = True
        post.save()
    assert "Risposta in attesa" in client.get(warm["topic"]).content.decode()


def test_locking_a_topic_changes_its_page(client, warm, change):
    topic = topic_of(warm["topic"])
    with change():
        topic.status = Topic.TOPIC_LOCKED
        topic.save()
    assert not served_stored(client, warm["topic"])
    assert served_stored(client, warm["article"])


def test_confirming_a_spaces_data_changes_the_directory_only(client, warm, change):
    with change():
        freshness.confirm(SpacePage.objects.live().first())
    assert not served_stored(client, warm["space directory"])
    assert served_stored(client, warm["topic"]) and served_stored(client, warm["news index"])


def test_a_forum_permission_change_purges_every_page(client, warm, change):
    with change():
        GroupForumPermission.objects.first().save()
    assert not any(served_stored(client, url) for url in warm.values())


def test_a_rolled_back_change_purges_nothing(client, warm):
    with pytest.raises(RuntimeError), __import__("django").db.transaction.atomic():
        PostFactory(topic=topic_of(warm["topic"]))
        raise RuntimeError
    assert served_stored(client, warm["topic"])


def test_a_stored_page_lives_no_longer_than_its_shared_cache_lifetime(client, warm, monkeypatch):
    # "Open now" on a space's page changes with the clock, not with an event: 60 s at most.
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert not served_stored(client, warm["space"])
    assert served_stored(client, warm["article"])  # 300 s


def test_pages_are_stored_per_language(client, warm):
    client.get("/i18n/en/?next=/")
    assert client.get(warm["home"]).headers["Content-Language"] == "en"
    assert client.get(warm["home"]).get("X-Site-Cache") == "hit"
    client.get("/i18n/it/?next=/")
    assert client.get(warm["home"]).headers["Content-Language"] == "it"


def test_nothing_private_is_ever_stored_under_an_anonymous_key(client, warm, change):
    secret_topic = Topic.objects.filter(forum__slug="host").first()
    draft = NewsIndexPage.objects.get().add_child(
        instance=NewsPage(title="Bozza segretissima", live=False, date=timezone.localdate())
    )
    with change():
        PostFactory(topic=topic_of(warm["topic"]), content="Attesa riservata", approved=False)
    member = UserFactory(username="socia-privata")
    client.get(reverse("forum:forum", args=[secret_topic.forum.slug, secret_topic.forum.pk]))
    client.get(draft.url or "/news/bozza-segretissima/")
    for url in warm.values():
        client.get(url)
    client.force_login(member)
    for url in warm.values():
        client.get(url)
    stored = b"".join(pickle.dumps(v) for v in caches["pages"]._cache.values())
    for secret in (secret_topic.subject, "Bozza segretissima", "Attesa riservata", "socia-privata"):
        assert secret.encode() not in stored, secret


def test_hiding_a_profile_removes_its_link_from_stored_topic_pages(client, warm, change):
    from people.models import Profile

    poster = topic_of(warm["topic"]).first_post.poster
    with change():
        profile, _ = Profile.objects.update_or_create(
            user=poster, defaults={"display_name": "Zelda Quaranta", "visibility": "public"}
        )
    assert "Zelda Quaranta" in client.get(warm["topic"]).content.decode()
    assert served_stored(client, warm["topic"])
    with change():
        profile.visibility = Profile.Visibility.HIDDEN
        profile.save()
    assert not served_stored(client, warm["topic"])
    assert "Zelda Quaranta" not in client.get(warm["topic"]).content.decode()


def test_a_posters_post_elsewhere_purges_the_stored_topics_showing_their_count(
    client, warm, change
):
    poster = topic_of(warm["topic"]).first_post.poster
    client.get(warm["topic"])
    assert served_stored(client, warm["topic"]) and served_stored(client, warm["home"])
    other = TopicFactory(subject="Un'altra discussione")
    client.get(warm["topic"])
    assert served_stored(client, warm["topic"])  # (a new topic elsewhere left it stored)
    with change():
        PostFactory(topic=other, poster=poster)  # their count of posts, beside each of theirs
    assert not served_stored(client, warm["topic"])


def person_of(url: str):
    from people.models import Profile

    return Profile.objects.get(pk=int(url.rstrip("/").rsplit("/", 1)[1]))


def test_editing_a_public_profile_changes_its_page_and_the_directory(client, warm, change):
    profile = person_of(warm["person"])
    with change():
        profile.display_name = "Ottavia Nuovonome"
        profile.save()
    for name in ("person", "people directory"):
        assert "Ottavia Nuovonome" in client.get(warm[name]).content.decode(), name


def test_a_renamed_skill_shows_at_once_on_the_profiles_holding_it(client, warm, change):
    from people.models import Skill

    profile = person_of(warm["person"])
    skill = Skill.objects.create(name="Cartografia", slug="cartografia")
    with change():
        profile.skills.add(skill)
    assert "Cartografia" in client.get(warm["person"]).content.decode()
    assert served_stored(client, warm["person"])
    with change():
        skill.name = "Cartografia antica"
        skill.save()
    assert "Cartografia antica" in client.get(warm["person"]).content.decode()


def test_a_new_tag_changes_its_profile_and_the_directory_and_nothing_else(client, warm, change):
    profile = person_of(warm["person"])
    with change():
        profile.tags.add("Rilegatura giapponese")
    for name in ("person", "people directory"):
        assert "Rilegatura giapponese" in client.get(warm[name]).content.decode(), name
    kept = {n: u for n, u in warm.items() if n not in ("person", "people directory")}
    assert kept and all(served_stored(client, url) for url in kept.values())


def test_a_hidden_profile_is_gone_at_once_from_the_stored_pages(client, warm, change):
    profile = person_of(warm["person"])
    name = profile.display_name or profile.user.username
    with change():
        profile.visibility = type(profile).Visibility.HIDDEN
        profile.save()
    assert client.get(warm["person"]).status_code == 404
    assert name not in client.get(warm["people directory"]).content.decode()
