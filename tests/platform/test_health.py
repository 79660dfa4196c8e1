"""/healthz: what a load balancer and the staging run ask of each web process."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from search.engines.base import EngineUnavailable
from tavolone.home.models import WorkerHeartbeat


@pytest.fixture
def worker_ran(db):
    call_command("worker", "--once")


def test_it_answers_200_when_everything_answers(client, worker_ran):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {name: {"status": "ok"} for name in ("database", "cache", "search", "worker")},
    }
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_until_a_worker_has_beaten(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["status"] == "fail"
    assert "manage.py worker" in response.json()["checks"]["worker"]["reason"]


def test_a_stale_heartbeat_fails_the_worker_check(client, worker_ran, settings):
    settings.HEALTH_WORKER_STALE_SECONDS = 300
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=10))
    check = client.get("/healthz").json()["checks"]["worker"]
    assert check["status"] == "fail" and "ago" in check["reason"]


def test_an_unavailable_engine_is_a_503_that_names_no_path(client, worker_ran, monkeypatch):
    from search import services

    def broken(self):
        raise EngineUnavailable(f"search index at {self.path}: disk I/O error")

    monkeypatch.setattr(services.engine_class(), "status", broken)  # the default engine's
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["search"] == {
        "status": "fail",
        "reason": "search engine unavailable",
    }
    assert "search-tantivy" not in response.content.decode()


def test_a_broken_cache_fails_only_its_own_check(client, worker_ran, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    checks = client.get("/healthz").json()["checks"]
    assert checks["cache"]["status"] == "fail"
    assert checks["database"] == checks["search"] == checks["worker"] == {"status": "ok"}


def test_it_takes_no_posts(client, worker_ran):
    assert client.post("/healthz").status_code == 405
