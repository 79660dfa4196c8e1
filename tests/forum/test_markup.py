"""Forum markup: the features writers use, caps with clear form errors (never a 500), a preview
rate limit, no third-party image loaded without the reader's click, stored posts re-rendered."""

from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from machina.core.db.models import get_model

from .conftest import post_reply, post_topic, topic_url
from .factories import PostFactory, TopicFactory

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
ForumProfile = get_model("forum_member", "ForumProfile")

# 100 deep within the length cap (Python-Markdown raised RecursionError from about 300).
NESTED_LIST = "".join("  " * depth + "* livello\n" for depth in range(100))
REMOTE = "https://immagini.example/gatto.png"


@pytest.fixture(autouse=True)
def _fresh_preview_counts():
    cache.clear()  # the preview rate limit counts in the cache


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append(dict(attrs).get("src") or "")


def image_sources(response) -> list[str]:
    parser = Images()
    parser.feed(response.content.decode())
    return parser.sources


def preview_topic(client, forum, content):
    return post_topic(client, forum, "Anteprima", content, preview="Anteprima")


def test_markdown_features_render_on_the_topic_page(login, member, board):
    text = "**forte** ~~via~~\na capo\n\n```\nx < 1\n```\n\n"
    text += "| a | b |\n|---|---|\n| 1 | 2 |\n\n> citato"
    post_topic(login(member), board(), "Formattazione", text)
    html = login(member).get(topic_url(Topic.objects.get(subject="Formattazione"))).content.decode()
    assert "<strong>forte</strong> <del>via</del><br>" in html
    assert "<pre><code>x &lt; 1\n</code></pre>" in html
    assert "<th>a</th>" in html and "<td>2</td>" in html
    assert "<blockquote>\n<p>citato</p>\n</blockquote>" in html


def test_a_preview_of_a_list_nested_a_hundred_deep_is_a_form_error(login, member, board):
    response = preview_topic(login(member), board(), NESTED_LIST)
    assert response.status_code == 200
    assert "annidati troppo" in response.content.decode()
    assert not Topic.objects.filter(subject="Anteprima").exists()


@pytest.mark.parametrize(
    "content",
    [
        "> " * 100 + "citazioni",
        "1. " * 100 + "elenchi su una riga",
        "<div>" * 100 + "HTML",
        "* <i>voce\n" * 50,  # a parser reopens each unclosed <i> in the next item: 50 deep
        "voce <dl>\n\n" * 50,  # each <dl> closes its paragraph and stays open: 50 deep
        "*a **b " * 60 + "enfasi" + " b** a*" * 60,
    ],
)
def test_nesting_too_deep_in_any_form_is_refused_and_nothing_saved(content, login, member, board):
    response = post_topic(login(member), board(), "Annidato", content)
    assert response.status_code == 200
    assert "annidati troppo" in response.content.decode()
    assert not Topic.objects.filter(subject="Annidato").exists()


def test_a_post_over_the_length_cap_is_refused_with_its_text_kept(login, member, board, settings):
    settings.FORUM_MARKUP_MAX_LENGTH = 1000
    response = post_topic(login(member), board(), "Lungo", "parola " * 199 + "fine")
    assert response.status_code == 200
    assert "lungo 1397 caratteri: il massimo è 1000" in response.content.decode()
    assert "parola parola" in response.content.decode()
    assert not Topic.objects.filter(subject="Lungo").exists()


def test_a_table_cmark_would_pad_to_a_million_cells_is_refused(login, member, board):
    table = "|a" * 100 + "|\n" + "|-" * 100 + "|\n" + "riga\n" * 2000
    response = post_reply(login(member), TopicFactory(), table)
    assert response.status_code == 200
    assert "tabelle sono troppo grandi" in response.content.decode()


def test_a_signature_nested_too_deep_is_a_form_error(login, member):
    client = login(member)
    response = client.post(reverse("forum_member:profile_update"), {"signature": "> " * 100})
    assert response.status_code == 200
    assert "annidati troppo" in response.content.decode()
    assert not ForumProfile.objects.filter(user=member, signature__startswith=">").exists()


def test_a_post_stored_over_the_caps_is_shown_as_plain_text(login, member):
    post = PostFactory(content=NESTED_LIST)  # e.g. written before the caps, or by a script
    html = login(member).get(topic_url(post.topic)).content.decode()
    assert "* livello<br>  * livello" in html
    assert "<ul>" not in post.content.rendered


def test_previews_are_rate_limited_per_member_with_the_text_kept(login, member, board, settings):
    settings.FORUM_TRUST_PREVIEW_RATE_LIMIT = 3
    client = login(member)
    for n in range(3):
        assert f"anteprima {n}" in preview_topic(client, board(), f"anteprima {n}").content.decode()
    response = preview_topic(client, board(), "la quarta anteprima")
    html = response.content.decode()
    assert response.status_code == 200 and "al massimo 3 volte ogni 10 minuti" in html
    assert "la quarta anteprima" in html  # kept in the form, not rendered as a preview
    assert 'class="card post post-preview"' not in html


def test_one_members_previews_do_not_use_up_anothers(login, member, moderator, board, settings):
    settings.FORUM_TRUST_PREVIEW_RATE_LIMIT = 1
    preview_topic(login(member), board(), "la mia")
    response = preview_topic(login(moderator), board(), "la sua")
    assert 'class="card post post-preview"' in response.content.decode()


def test_remote_images_in_posts_become_links_the_reader_can_follow(login, member, board):
    post_topic(login(member), board(), "Foto", f"Guardate: ![il gatto]({REMOTE})")
    response = login(member).get(topic_url(Topic.objects.get(subject="Foto")))
    assert REMOTE not in image_sources(response)
    assert f'<a href="{REMOTE}" rel="nofollow ugc noopener">\U0001f5bc il gatto</a>' in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "content",
    [
        "![a](//immagini.example/a.png)",
        '<img src="https://immagini.example/a.png">',
        "<IMG SRC=https://immagini.example/a.png>",
        "![a](http:\\\\immagini.example/a.png)",
        "[![logo](https://immagini.example/logo.png)](https://ok.example)",
        "![a](https://127.0.0.1.immagini.example/a.png)",
    ],
)
def test_remote_images_in_any_spelling_are_not_embedded(content, login, member, board):
    post_topic(login(member), board(), "Foto", content)
    response = login(member).get(topic_url(Topic.objects.get(subject="Foto")))
    sources = image_sources(response)
    assert all(src.startswith("/") and not src.startswith("//") for src in sources), sources


def test_same_site_images_stay_images(login, member, board, settings):
    settings.SITE_URL = "https://tavolone.example"
    text = "![pianta](/media/pianta.png) ![logo](https://tavolone.example/static/logo.png)"
    post_topic(login(member), board(), "Foto", text)
    response = login(member).get(topic_url(Topic.objects.get(subject="Foto")))
    assert {"/media/pianta.png", "https://tavolone.example/static/logo.png"} <= set(
        image_sources(response)
    )


def test_remote_images_in_signatures_become_links(login, member):
    client = login(member)
    client.post(reverse("forum_member:profile_update"), {"signature": f"![firma]({REMOTE})"})
    response = client.get(reverse("forum_member:profile", args=[member.pk]))
    assert REMOTE not in image_sources(response)
    assert f'href="{REMOTE}"' in response.content.decode()


def test_rerendering_replaces_html_stored_by_an_older_renderer(db, capsys):
    post = PostFactory(content=f"![gatto]({REMOTE})")
    Post.objects.filter(pk=post.pk).update(_content_rendered=f'<p><img src="{REMOTE}"></p>')
    call_command("rerender_forum_markup")
    post.refresh_from_db()
    assert "<img" not in post.content.rendered and f'href="{REMOTE}"' in post.content.rendered
    assert "forum_conversation.Post.content: 1 re-rendered" in capsys.readouterr().out


def test_rerendering_counts_stored_sources_over_the_caps(db, capsys):
    post = PostFactory(content="breve")
    Post.objects.filter(pk=post.pk).update(content=NESTED_LIST, _content_rendered="<ul>…</ul>")
    call_command("rerender_forum_markup")
    post.refresh_from_db()
    assert "<ul>" not in post.content.rendered and "* livello" in post.content.rendered
    assert "1 over the markup caps (shown as plain text)" in capsys.readouterr().out


def test_a_dry_run_of_rerendering_writes_nothing(db, capsys):
    post = PostFactory(content=f"![gatto]({REMOTE})")
    Post.objects.filter(pk=post.pk).update(_content_rendered="vecchio")
    call_command("rerender_forum_markup", "--dry-run")
    post.refresh_from_db()
    assert post.content.rendered == "vecchio"
    assert "forum_conversation.Post.content: 1 to re-render" in capsys.readouterr().out


def test_forum_descriptions_go_through_the_same_renderer(client, board):
    forum = board()
    forum.description = f"Le regole: ![cartello]({REMOTE})\n\n" + "> " * 100
    forum.save()
    response = client.get(reverse("forum:index"))
    assert REMOTE not in image_sources(response)
    assert "<blockquote>" not in forum.description.rendered  # over the caps: plain text
