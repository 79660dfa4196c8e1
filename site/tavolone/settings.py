"""Tavolone settings: one module, configured by the environment (see docs/configuration.md).

Defaults are the embedded ones (SQLite, local files, console email, local-memory cache, the
embedded search engine): they need no server. Production sets DEBUG=0 and the *_URL variables.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from machina import MACHINA_MAIN_STATIC_DIR, MACHINA_MAIN_TEMPLATE_DIR

from tavolone.env import cache_settings, email_settings, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # the repository root
VAR_DIR = Path(env_str("TAVOLONE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
# Demo mode gives the demo users known passwords; never on in production.
DEMO_MODE = env_bool("DEMO_MODE", DEBUG)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off: set it to a long random string, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
SITE_ID = 1

INSTALLED_APPS = [
    # Project apps first so their templates and overrides win.
    "tavolone.home",
    "tavolone.accounts",
    "community",
    "search",
    # machina: our `forum` app is machina's documented override of its `forum` app (same label,
    # machina's migrations kept), so it is listed instead of machina.apps.forum.
    "forum",
    "machina",
    "forum.forum_conversation",
    "forum.forum_conversation.forum_attachments",
    "machina.apps.forum_conversation.forum_polls",
    "machina.apps.forum_feeds",
    "machina.apps.forum_moderation",
    "machina.apps.forum_search",
    "machina.apps.forum_tracking",
    "forum.forum_member",
    "forum.forum_permission",
    "mptt",
    "haystack",
    "widget_tweaks",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Italian unless the visitor chose English in the footer (Accept-Language is ignored).
    "tavolone.accounts.middleware.ItalianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Before any view builds a formset: a claimed TOTAL_FORMS past any page's is a 400.
    "tavolone.formsets.FormsetSizeMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # machina's, minus the session write for anonymous visitors (forum/forum_permission/).
    "forum.forum_permission.middleware.ForumPermissionMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "tavolone.urls"
WSGI_APPLICATION = "tavolone.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Our templates first (they adapt machina's board_base.html), machina's after.
        "DIRS": [BASE_DIR / "templates", MACHINA_MAIN_TEMPLATE_DIR],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "machina.core.context_processors.metadata",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured(
            "DATABASE_URL must be postgres://user:password@host:5432/name (or sqlite:///path)."
        )
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                # WAL lets readers run while a writer commits; IMMEDIATE transactions and a busy
                # timeout make concurrent writers wait instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
# machina's apps were migrated with AutoField and set no default of their own; ours set
# BigAutoField in their AppConfig.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# --- Cache, email, tasks ----------------------------------------------------------------------
CACHES = cache_settings(env_str("CACHE_URL", "locmem://"), location_dir=str(VAR_DIR / "cache"))
globals().update(email_settings(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tavolone <noreply@tavolone.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (Wagtail's and ours). Embedded: run in-process right away, no worker needed.
# Production: TASKS_BACKEND=database and run `manage.py db_worker` beside the web workers.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_task_backend = env_str("TASKS_BACKEND", "immediate")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND={_task_backend!r}: use 'immediate' or 'database'.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}

# --- Search -----------------------------------------------------------------------------------
# ELASTICSEARCH_URL set: an Elasticsearch cluster; unset: the embedded SQLite FTS5 engine.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "tavolone")
SEARCH_EMBEDDED_PATH = env_str("SEARCH_EMBEDDED_PATH", str(VAR_DIR / "search.sqlite3"))
# machina's forum_search app imports Haystack; the simple backend keeps it importable.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}

# --- Auth ---------------------------------------------------------------------------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# One login for everything: the Wagtail admin sends visitors to the site's login page.
WAGTAILADMIN_LOGIN_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static", MACHINA_MAIN_STATIC_DIR]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Wagtail ------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Tavolone"
# Wagtail's database backend; quotes in search terms escaped for SQLite (tavolone/wagtail_search.py)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "tavolone.wagtail_search"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "txt"]
# Map tiles the visitor's browser loads (the server never does); empty: pins without a base map.
MAP_TILES_URL = env_str("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")

# --- machina ------------------------------------------------------------------------------------
MACHINA_FORUM_NAME = "Tavolone"
MACHINA_BASE_TEMPLATE_NAME = "base.html"
MACHINA_DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS: list[str] = []
# Posts, signatures and descriptions: Markdown, then sanitised by an nh3 allow-list.
MACHINA_MARKUP_LANGUAGE = ("forum.markup.render", {})
MACHINA_TOPIC_POSTS_NUMBER_PER_PAGE = 15
# Trust for new members (forum/trust.py): approval queue and posting rate limit.
FORUM_TRUST_TRUSTED_AFTER = env_int("FORUM_TRUST_TRUSTED_AFTER", 3, minimum=0)
FORUM_TRUST_NEW_ACCOUNT_DAYS = env_int("FORUM_TRUST_NEW_ACCOUNT_DAYS", 7, minimum=0)
FORUM_TRUST_RATE_LIMIT_POSTS = env_int("FORUM_TRUST_RATE_LIMIT_POSTS", 5, minimum=1)
FORUM_TRUST_RATE_LIMIT_MINUTES = env_int("FORUM_TRUST_RATE_LIMIT_MINUTES", 10, minimum=1)
FORUM_ATTACHMENT_MAX_SIZE = env_int("FORUM_ATTACHMENT_MAX_SIZE", 5 * 1024 * 1024, minimum=1)

# --- Security (production) ----------------------------------------------------------------------
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Wagtail's admin shows page previews in a same-origin frame, which DENY would break.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
