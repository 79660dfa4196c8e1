"""Fixtures for the roles, workflow and freshness tests: a small page tree (home, space index
with spaces A and B, news index with one article) and one user per editorial role.

Import the fixtures you use into a test module (pytest finds them there)."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from community import roles
from community.models import NewsIndexPage, NewsPage, SpaceIndexPage, SpacePage
from tavolone.home.demo import ensure_home

PASSWORD = "pw-roles-1"  # noqa: S105  (test users only)


@pytest.fixture
def tree(db):
    home = ensure_home()
    spaces = home.add_child(instance=SpaceIndexPage(title="Spazi", slug="spazi"))
    news = home.add_child(instance=NewsIndexPage(title="News", slug="news"))
    roles.ensure_roles()  # what load_demo and the admin hook do once index pages exist
    a = spaces.add_child(
        instance=SpacePage(title="Spazio A", slug="a", last_confirmed=timezone.localdate())
    )
    b = spaces.add_child(
        instance=SpacePage(title="Spazio B", slug="b", last_confirmed=timezone.localdate())
    )
    article = news.add_child(
        instance=NewsPage(title="Notizia", slug="notizia", date=datetime.date(2026, 1, 15))
    )
    for page in (a, b, article):
        page.save_revision().publish()
    return {"home": home, "spaces": spaces, "news": news, "a": a, "b": b, "article": article}


def make_user(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def editor(tree, django_user_model):
    return make_user(django_user_model, "editor", roles.EDITORS)


@pytest.fixture
def moderator(tree, django_user_model):
    return make_user(django_user_model, "moderator", roles.MODERATORS)


@pytest.fixture
def manager_a(tree, django_user_model):
    """The host of space A (and of no other space)."""
    user = make_user(django_user_model, "host_a", roles.SPACE_MANAGERS)
    host(tree["a"], user)
    return user


@pytest.fixture
def manager_b(tree, django_user_model):
    user = make_user(django_user_model, "host_b", roles.SPACE_MANAGERS)
    host(tree["b"], user)
    return user


def host(space, user):
    """Make `user` a host of `space` (hosts is a ParentalManyToManyField: saved with the page)."""
    space.hosts.add(user)
    space.save(update_fields=["hosts"])  # commits only the relation, not the page row
    return user


def login(client, user):
    client.force_login(user)
    return client


class _FormReader(HTMLParser):
    """Reads the fields of the admin's page form as a browser would submit them."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value", "on"))
                return
            self.data.setdefault(name, []).append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # Like browsers, drop the newline Django puts right after <textarea>.
            value = self.data[self._textarea][-1]
            self.data[self._textarea][-1] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def edit_form_data(client, url, form_id="page-edit-form", **changes):
    """GET the admin form at `url` and return its data, with `changes` applied, ready to POST.
    StreamFields are drawn by JavaScript: each one is submitted empty (`<name>-count: 0`)."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    reader = _FormReader(form_id)
    reader.feed(html)
    data = reader.data
    for name in set(re.findall(r'id="([\w-]+)" data-block data-controller="w-block"', html)):
        data.setdefault(f"{name}-count", ["0"])
    for key, value in changes.items():
        data[key] = value if isinstance(value, list) else [value]
    return data
