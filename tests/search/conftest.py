"""Search fixtures: a throw-away index per test, the engines, a small network with a secret in
every place a visitor may not look, and role users."""

from __future__ import annotations

import os
import uuid

import pytest
from django.contrib.auth.models import Group

from search import services
from tests.search import helpers

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")


@pytest.fixture(autouse=True)
def search_index(settings, tmp_path):
    """Every search test gets its own embedded index file (and no cluster unless asked)."""
    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_EMBEDDED_PATH = str(tmp_path / "search.sqlite3")
    return settings.SEARCH_EMBEDDED_PATH


@pytest.fixture(params=["embedded", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def engine(request, settings):
    """The behaviour suite runs on each engine; Elasticsearch only with a cluster."""
    if request.param == "elasticsearch":
        if not ES_URL:
            pytest.skip("ELASTICSEARCH_URL is not set: no cluster to run the suite against")
        settings.ELASTICSEARCH_URL = ES_URL
        settings.ELASTICSEARCH_INDEX_PREFIX = f"tavolone-test-{uuid.uuid4().hex[:8]}"
        yield services.get_engine()
        engine = services.get_engine()
        engine.client.indices.delete(index=f"{engine.alias}-*", ignore_unavailable=True)
        return
    yield services.get_engine()


def _refresh():
    engine = services.get_engine()
    if engine.name == "elasticsearch":
        engine.client.indices.refresh(index=engine.alias)


@pytest.fixture
def network(db, engine):
    """Spaces, news and threads, with a secret token planted where visitors may not look."""
    data = helpers.build_network()
    services.rebuild()
    _refresh()
    return data


@pytest.fixture
def refresh():
    return _refresh


@pytest.fixture
def host_user(django_user_model):
    """A space host: member of the group that may read the private Host forum."""
    from forum import boards

    user = django_user_model.objects.create_user("host", "host@example.org", "pw-host-1")
    user.groups.add(Group.objects.get_or_create(name=boards.SPACE_HOSTS_GROUP)[0])
    return user
