"""The settings' environment readers fail loudly with a message that says how to fix it."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tavolone.env import (
    cache_settings,
    database_settings,
    email_settings,
    env_bool,
    env_dotted,
    env_int,
    env_rate,
    tasks_settings,
)


def test_env_bool_reads_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False


def test_env_bool_refuses_a_typo(monkeypatch):
    monkeypatch.setenv("DEBUG", "flase")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='flase' is not a boolean"):
        env_bool("DEBUG", True)


def test_env_int_refuses_words_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("N", "many")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("N", 1)
    monkeypatch.setenv("N", "-5")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("N", 1, minimum=0)


@pytest.mark.parametrize("rate", ["5/h", "10/15m", "100/d"])
def test_env_rate_reads_how_many_per_period(monkeypatch, rate):
    monkeypatch.setenv("RATE", rate)
    assert env_rate("RATE", "1/h") == rate


@pytest.mark.parametrize("rate", ["5", "5/hour", "0/h", "x/h", "5/0m"])
def test_env_rate_refuses_what_is_not_a_rate(monkeypatch, rate):
    monkeypatch.setenv("RATE", rate)
    with pytest.raises(ImproperlyConfigured, match="is not a rate: write how many per period"):
        env_rate("RATE", "1/h")


def test_email_url_becomes_smtp_settings():
    settings = email_settings("smtp+tls://user%40x:p%3Ass@mail.example.org:2525")
    assert settings["EMAIL_HOST"] == "mail.example.org"
    assert settings["EMAIL_PORT"] == 2525
    assert settings["EMAIL_HOST_USER"] == "user@x"
    assert settings["EMAIL_HOST_PASSWORD"] == "p:ss"
    assert settings["EMAIL_USE_TLS"] is True


def test_an_unknown_email_scheme_says_which_ones_work():
    with pytest.raises(ImproperlyConfigured, match="smtp\\+tls://"):
        email_settings("sendmail://localhost")


def test_a_file_email_url_writes_each_message_into_that_folder():
    assert email_settings("file:///var/mail/tavolone") == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": "/var/mail/tavolone",
    }
    with pytest.raises(ImproperlyConfigured, match="needs a folder"):
        email_settings("file://")


def test_a_redis_cache_url_shares_redis_with_machina_attachments(tmp_path):
    caches = cache_settings("redis://127.0.0.1:6379/1", location_dir=str(tmp_path))
    assert caches["default"]["BACKEND"].endswith("RedisCache")
    assert caches["machina_attachments"]["LOCATION"] == "redis://127.0.0.1:6379/1"


def test_the_default_cache_keeps_machina_attachments_on_disk(tmp_path):
    caches = cache_settings("locmem://", location_dir=str(tmp_path))
    assert caches["machina_attachments"]["BACKEND"].endswith("FileBasedCache")


def _check_with(tmp_path, **env):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parents[2],
        env={"PATH": "/usr/bin:/bin", "TAVOLONE_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stderr


@pytest.mark.parametrize(
    "env, message",
    [
        ({"SITE_URL": "tavolone.example.org"}, "SITE_URL="),
        ({"SITE_URL": "https://tavolone.example.org/forum/"}, "SITE_URL="),
        ({"SENDFILE_MODE": "lighttpd"}, "SENDFILE_MODE="),
        ({"MEDIA_ROOT": "/srv/m", "PRIVATE_MEDIA_ROOT": "/srv/m/private"}, "PRIVATE_MEDIA_ROOT"),
    ],
)
def test_bad_public_address_or_private_file_settings_stop_the_start(tmp_path, env, message):
    returncode, stderr = _check_with(tmp_path, **env)
    assert returncode != 0 and message in stderr


def test_without_a_database_url_the_database_is_sqlite_in_wal_mode(tmp_path):
    database = database_settings("", sqlite_path=tmp_path / "db" / "x.sqlite3", conn_max_age=60)
    assert database["ENGINE"].endswith("sqlite3") and (tmp_path / "db").is_dir()
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert database["CONN_MAX_AGE"] == 60  # not a new connection (and PRAGMAs) per request
    with pytest.raises(ImproperlyConfigured, match="postgres://"):
        database_settings("mysql://x/y", sqlite_path=tmp_path / "x", conn_max_age=60)


def test_pages_are_stored_in_redis_when_the_cache_is_redis_else_on_disk(tmp_path):
    redis = cache_settings("redis://127.0.0.1:6379/1", location_dir=str(tmp_path))["pages"]
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/1" and redis["TIMEOUT"] is None
    files = cache_settings("locmem://", location_dir=str(tmp_path))["pages"]
    assert files["BACKEND"].endswith("FileBasedCache") and files["TIMEOUT"] is None


def test_an_unknown_tasks_backend_says_which_ones_work():
    assert tasks_settings("database")["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    with pytest.raises(ImproperlyConfigured, match="'immediate' or 'database'"):
        tasks_settings("celery")


def test_env_dotted_reads_a_class_path_and_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("SEARCH_ENGINE", " search.engines.null.NullEngine ")
    assert env_dotted("SEARCH_ENGINE", example="a.B") == "search.engines.null.NullEngine"
    monkeypatch.setenv("SEARCH_ENGINE", "embedded")
    with pytest.raises(ImproperlyConfigured, match="'embedded' is not a dotted path.*e.g. a.B"):
        env_dotted("SEARCH_ENGINE", example="a.B")
