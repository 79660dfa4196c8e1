"""`make run`'s steps (migrate, load_demo, search_index rebuild, worker --once) work in order.

The same steps run for real as subprocesses, then gunicorn serves the result, in the browser
suite (tests/browser/fixtures.py, test_the_demo_started_like_make_run_is_served_by_gunicorn).
"""

import io
import re

from django.core.management import call_command


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def test_make_run_steps_leave_a_searchable_demo_network(client, db):
    _run("migrate", "--noinput")
    assert "giulia" in _run("load_demo")  # it prints the demo logins
    _run("search_index", "rebuild")
    _run("worker", "--once")
    response = client.get("/cerca/", {"q": "Lambrate"})
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", "", response.content.decode())  # matches are wrapped in <mark>
    assert "Tavolone Lambrate" in text


def test_running_the_steps_twice_duplicates_nothing(client, db):
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    for _ in range(2):
        _run("load_demo")
        _run("search_index", "rebuild")
        _run("worker", "--once")
        counts = (Page.objects.count(), get_user_model().objects.count())
    _run("load_demo")
    assert (Page.objects.count(), get_user_model().objects.count()) == counts
    assert client.get("/").status_code == 200


def test_there_is_no_model_change_without_its_migration(db):
    _run("makemigrations", "--check", "--dry-run")  # raises SystemExit(1) when one is missing


def test_demo_members_have_been_members_for_a_while(db):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    _run("load_demo")
    giulia = get_user_model().objects.get(username="giulia")
    assert (timezone.now() - giulia.date_joined).days >= 365  # past the new-account limits
