"""Hostile text in subjects, posts and signatures renders with no executable markup."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from machina.core.db.models import get_model

from .conftest import post_topic, topic_url
from .xss_payloads import PAYLOADS

Topic = get_model("forum_conversation", "Topic")

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "base", "style", "link"}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")


class Audit(HTMLParser):
    """Collects what a browser could execute in a page."""

    def __init__(self):
        super().__init__()
        self.findings, self.scripts = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs).get("src"))
        elif tag in DANGEROUS_TAGS and not (
            tag == "link" and dict(attrs).get("rel") in ("stylesheet", "icon")
        ):
            self.findings.append(f"<{tag}>")
        for name, value in attrs:
            compact = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.findings.append(f"{tag}[{name}]")
            if name in {"href", "src", "action", "formaction", "xlink:href", "srcdoc"} and (
                compact.startswith(DANGEROUS_SCHEMES) or name == "srcdoc"
            ):
                self.findings.append(f"{tag}[{name}={value}]")
            if name == "style":
                self.findings.append(f"{tag}[style]")
            if tag == "meta" and name == "http-equiv":
                self.findings.append("meta refresh")


def audit(html):
    parser = Audit()
    parser.feed(html)
    return parser


@pytest.fixture
def baseline_scripts(client, board, db):
    """The site's own scripts on a forum page: the only ones allowed."""
    return audit(client.get(reverse("forum:index")).content.decode()).scripts


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_in_subject_body_and_signature_renders_inert(
    payload, login, member, board, baseline_scripts
):
    client = login(member)
    client.post(reverse("forum_member:profile_update"), {"signature": payload})
    subject = ("Oggetto " + payload)[:255]
    response = post_topic(client, board(), subject, "Testo " + payload, enable_signature="on")
    assert response.status_code == 302, response.content.decode()[:500]
    topic = Topic.objects.get(subject=subject.strip())
    for url in (
        topic_url(topic),
        reverse("forum_member:profile", args=[member.pk]),
        reverse("forum:forum", args=[topic.forum.slug, topic.forum.pk]),
    ):
        page = audit(client.get(url).content.decode())
        assert page.findings == [], url
        assert page.scripts == baseline_scripts, url


def test_there_are_at_least_fifty_hostile_inputs():
    assert len(PAYLOADS) >= 50


def test_links_in_posts_get_a_safe_rel(login, member, board):
    client = login(member)
    post_topic(client, board(), "Link", "Vedi [il sito](https://ok.example/pagina)")
    html = client.get(topic_url(Topic.objects.get(subject="Link"))).content.decode()
    assert '<a href="https://ok.example/pagina" rel="nofollow ugc noopener">il sito</a>' in html
