"""Shared fixtures: the demo tree and a few role users (a visitor is just the test client)."""

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db):
    """The demo network, loaded through its management command."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from tavolone.home.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def coworker(django_user_model):
    return django_user_model.objects.create_user(
        "coworker", "coworker@example.org", "pw-coworker-1"
    )


@pytest.fixture
def coworker_client(client, coworker):
    client.force_login(coworker)
    return client


@pytest.fixture(autouse=True)
def _search_index_in_tmp(settings, tmp_path_factory):
    """Tests never write the development search index (var/search.sqlite3): one file per test."""
    settings.SEARCH_EMBEDDED_PATH = str(tmp_path_factory.mktemp("search") / "search.sqlite3")


# Fixtures of the editorial roles tests (tree, editor, moderator, manager_a, manager_b) and the
# browser (one chromium per worker, the demo served by gunicorn).
pytest_plugins = ["tests.community.roles_fixtures", "tests.browser.fixtures"]
