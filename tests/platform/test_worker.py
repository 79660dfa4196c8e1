"""The one background worker: the search outbox, the task queue and scheduled publishing."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from community.models import NewsPage
from forum.moderation import notify_moderators
from search import signals as search_signals
from search.models import IndexUpdate
from tavolone import worker
from tavolone.home.models import WorkerHeartbeat

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
calls: list[str] = []


def broken() -> int:
    calls.append("broken")
    raise RuntimeError("engine down")


def counting() -> int:
    calls.append("counting")
    if calls.count("counting") == 3:
        raise KeyboardInterrupt  # three polls: enough
    return 0


def test_it_runs_the_queued_tasks_of_the_database_backend(db, settings):
    settings.TASKS = DATABASE_TASKS
    result = notify_moderators.enqueue(post_id=0)  # no such post: the task sends nothing
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"
    call_command("worker", "--once")
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"


def test_a_failing_job_does_not_stop_the_others_or_the_heartbeat(db, monkeypatch):
    calls.clear()
    # The loop closes connections not in autocommit, as a test's transaction is (PostgreSQL).
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker, "FREQUENT", (f"{__name__}.broken", f"{__name__}.counting"))
    monkeypatch.setattr(worker, "BACKOFF_MAX", 0.0)
    with pytest.raises(KeyboardInterrupt):
        worker.Loop(poll=0, interval=3600).forever()
    assert calls.count("broken") == 3 and calls.count("counting") == 3
    assert WorkerHeartbeat.objects.exists()


def scheduled_news(tree) -> NewsPage:
    """A news page scheduled to go live, whose go-live time has just passed."""
    page = tree["news"].add_child(
        instance=NewsPage(title="In arrivo", slug="in-arrivo", date=datetime.date(2026, 2, 1))
    )
    page.unpublish()
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()  # scheduled, not live
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    IndexUpdate.objects.all().delete()
    assert not NewsPage.objects.get(pk=page.pk).live
    return page


def test_a_scheduled_page_goes_live_with_its_outbox_row_or_not_at_all(tree, monkeypatch):
    page = scheduled_news(tree)
    monkeypatch.setattr(search_signals, "record", lambda *a: 1 / 0)  # the outbox insert fails
    with pytest.raises(ZeroDivisionError):
        call_command("worker", "--once")
    assert not NewsPage.objects.get(pk=page.pk).live and not IndexUpdate.objects.exists()
    monkeypatch.undo()
    call_command("worker", "--once")
    assert NewsPage.objects.get(pk=page.pk).live
    assert not IndexUpdate.objects.exists()  # recorded with it, then applied by the worker
