"""The worker keeps SQLite's query planner statistics (PostgreSQL's autovacuum keeps its own)."""

import pytest
from django.core.management import call_command
from django.db import connection

from tavolone.home import dbstats

pytestmark = pytest.mark.django_db


def has_statistics() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        return cursor.fetchone()[0] == 1


def test_the_worker_gathers_sqlite_statistics_when_it_starts_then_daily(monkeypatch):
    monkeypatch.setattr(dbstats, "_last_run", None)
    if connection.vendor != "sqlite":
        call_command("worker", "--once")
        assert dbstats.refresh() is False  # nothing to do: autovacuum analyzes
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")  # (allowed: SQLite remakes it)
    call_command("worker", "--once")
    assert has_statistics()
    assert dbstats.run_pending() == 0  # not again the same day
    monkeypatch.setattr(dbstats, "_last_run", dbstats._last_run - dbstats.EVERY_S)
    assert dbstats.run_pending() == 1
