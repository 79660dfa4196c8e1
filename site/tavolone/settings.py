"""Tavolone settings: one module, configured by the environment (see docs/configuration.md).

Defaults are the embedded ones (SQLite, local files, console email, local-memory cache, the
embedded search engine): they need no server. Production sets DEBUG=0 and the *_URL variables.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from machina import MACHINA_MAIN_STATIC_DIR, MACHINA_MAIN_TEMPLATE_DIR

from tavolone.env import (
    cache_settings,
    database_settings,
    email_settings,
    env_bool,
    env_dotted,
    env_int,
    env_list,
    env_rate,
    env_str,
    tasks_settings,
)
from tavolone.home.csp import admin_policy, site_policy

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
# The public address: every absolute link (emails, feeds, canonical links, Site records).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")) or "/" in SITE_URL.split("://", 1)[1]:
    raise ImproperlyConfigured(
        f"SITE_URL={SITE_URL!r}: give the scheme and host only, e.g. https://tavolone.example.org"
    )
WAGTAILADMIN_BASE_URL = SITE_URL
SITE_ID = 1

INSTALLED_APPS = [
    # Project apps first so their templates and overrides win.
    "tavolone.home",
    "tavolone.accounts",
    "tavolone.pagecache",
    "axes",
    "community",
    "search",
    "people",
    # machina: our `forum` app is machina's documented override of its `forum` app (same label,
    # machina's migrations kept), so it is listed instead of machina.apps.forum.
    "forum",
    "machina",
    "forum.forum_conversation",
    "forum.forum_conversation.forum_attachments",
    "machina.apps.forum_conversation.forum_polls",
    "forum.forum_feeds",
    "machina.apps.forum_moderation",
    "machina.apps.forum_search",
    "forum.forum_tracking",
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
    "wagtail.contrib.frontend_cache",
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
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (below): the site's, or the admins' looser one.
    "tavolone.home.csp.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole anonymous pages from the site cache, and every response's Cache-Control (before the
    # session: a stored page touches neither the session nor the database).
    "tavolone.pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Italian unless the visitor chose English in the footer (Accept-Language is ignored).
    "tavolone.accounts.middleware.ItalianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # NUL is dropped from query parameters before any view reads them (PostgreSQL refuses it).
    "tavolone.querystring.QueryStringMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Before any view builds a formset: a claimed TOTAL_FORMS past any page's is a 400.
    "tavolone.formsets.FormsetSizeMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # URLs whose id no row can have (abc, 0, 2**64) get the 404 page before any view runs.
    "tavolone.urlids.UrlIdMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # machina's, minus the session write for anonymous visitors (forum/forum_permission/).
    "forum.forum_permission.middleware.ForumPermissionMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Turns a login refused by django-axes (any login form) into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Malformed input that Wagtail's or Django's admin raises on is a 400 (tavolone/admininput.py).
    "tavolone.admininput.AdminInputMiddleware",
    # A write request is one transaction: all of its writes, or none (tavolone/atomic.py).
    "tavolone.atomic.AtomicWritesMiddleware",
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
                "tavolone.accounts.context_processors.email_confirmation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {
    "default": database_settings(
        env_str("DATABASE_URL"),
        sqlite_path=VAR_DIR / "db.sqlite3",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
# machina's apps were migrated with AutoField and set no default of their own; ours set
# BigAutoField in their AppConfig.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# --- Cache, email, tasks ----------------------------------------------------------------------
CACHES = cache_settings(env_str("CACHE_URL", "locmem://"), location_dir=str(VAR_DIR / "cache"))
SITE_CACHE = env_bool("SITE_CACHE", True)
# Facts every view reads and that rarely change (view restrictions, the forums anonymous
# visitors read), kept in the same cache under the same tags (tavolone/pagecache/memo.py).
SITE_CACHE_DATA = env_bool("SITE_CACHE_DATA", True)
# The HTTP cache in front (Varnish, docs/deploy/varnish.vcl), e.g. http://127.0.0.1:6081: the
# address the web and background workers send PURGE and BAN to (tavolone/pagecache/purge.py).
# Empty: no HTTP cache, nothing is sent.
HTTP_CACHE_PURGE_URL = env_str("HTTP_CACHE_PURGE_URL", "")
if HTTP_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "tavolone.pagecache.purge.VarnishBackend",
            "LOCATION": HTTP_CACHE_PURGE_URL,
        }
    }
# How long a stored page may live at most (changes purge it at once; this bounds the rest).
SITE_CACHE_SECONDS = env_int("SITE_CACHE_SECONDS", 3600, minimum=1)
globals().update(email_settings(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tavolone <noreply@tavolone.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Queued tasks (Wagtail's and ours: notification emails). immediate: run in the request, for
# development. Production: TASKS_BACKEND=database; `manage.py worker`, the one background process
# (tavolone/worker.py), runs the queue with everything else.
TASKS = tasks_settings(env_str("TASKS_BACKEND", "immediate"))

# /healthz fails when the background worker has not finished a tick for this long.
HEALTH_WORKER_STALE_SECONDS = env_int("HEALTH_WORKER_STALE_SECONDS", 300, minimum=1)

# --- Search -----------------------------------------------------------------------------------
# The engine's class, as Wagtail's WAGTAILSEARCH_BACKENDS names it. Unset: ELASTICSEARCH_URL
# set, an Elasticsearch cluster; unset, tantivy in SEARCH_TANTIVY_PATH (no server).
# search.engines.embedded.EmbeddedEngine: SQLite FTS5 in SEARCH_EMBEDDED_PATH (no server).
# search.engines.null.NullEngine: no search (the page says it is turned off).
SEARCH_ENGINE = env_dotted(
    "SEARCH_ENGINE",
    example="search.engines.tantivy.TantivyEngine, search.engines.embedded.EmbeddedEngine "
    "or search.engines.null.NullEngine",
)
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "tavolone")
ELASTICSEARCH_API_KEY = env_str("ELASTICSEARCH_API_KEY")  # base64 "id:key" (Elastic's encoded form)
# TLS: verified against the system's CAs unless one of these names the cluster's certificate.
ELASTICSEARCH_CA_CERTS = env_str("ELASTICSEARCH_CA_CERTS")  # path to the CA (PEM)
ELASTICSEARCH_SSL_FINGERPRINT = env_str("ELASTICSEARCH_SSL_FINGERPRINT")  # SHA-256, hex
# Reads answer 503 fast when the cluster is slow; writes (worker, rebuild) may wait and retry.
ELASTICSEARCH_READ_TIMEOUT = env_int("ELASTICSEARCH_READ_TIMEOUT", 3, minimum=1)
ELASTICSEARCH_WRITE_TIMEOUT = env_int("ELASTICSEARCH_WRITE_TIMEOUT", 30, minimum=1)
ELASTICSEARCH_REPLICAS = env_str("ELASTICSEARCH_REPLICAS", "0-1")  # index.auto_expand_replicas
# The FTS5 engine's file (SEARCH_ENGINE=search.engines.embedded.EmbeddedEngine).
SEARCH_EMBEDDED_PATH = env_str("SEARCH_EMBEDDED_PATH", str(VAR_DIR / "search.sqlite3"))
# The tantivy engine's folder: the default index.
SEARCH_TANTIVY_PATH = env_str("SEARCH_TANTIVY_PATH", str(VAR_DIR / "search-tantivy"))
# machina's forum_search app imports Haystack; the simple backend keeps it importable.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}

# --- Auth ---------------------------------------------------------------------------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# One login for everything: the Wagtail admin sends visitors to the site's login page.
WAGTAILADMIN_LOGIN_URL = "login"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL  # pages restricted to logged-in members
# django-axes first: it refuses a locked-out login before any password is checked, whichever
# view calls authenticate() (our login, Django's and Wagtail's admin, password prompts).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "tavolone.accounts.lockout.LockoutHandler"
# Budgets per client address (tavolone/accounts/lockout.py): for one login name, and over all.
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"], "ip_address"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 30, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_USERNAME_CALLABLE = "tavolone.accounts.lockout.login_identity"
AXES_CLIENT_IP_CALLABLE = "tavolone.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "tavolone.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True  # that name's failures from that address only (LockoutHandler)
AXES_DISABLE_ACCESS_LOG = True  # no row per successful login: failures are what we need
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Client address and rate limits -------------------------------------------------------------
# How many reverse proxies in front of the web workers append to X-Forwarded-For (docs/deploy.md):
# 0 trusts only the socket's address; 1 takes the right-most X-Forwarded-For entry.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# Per client address (tavolone/ratelimits.py), counted in the shared cache (CACHE_URL).
RATE_LIMIT_SIGNUPS = env_rate("RATE_LIMIT_SIGNUPS", "5/h")
RATE_LIMIT_PASSWORD_RESETS = env_rate("RATE_LIMIT_PASSWORD_RESETS", "5/h")
RATE_LIMIT_CONFIRMATION_EMAILS = env_rate("RATE_LIMIT_CONFIRMATION_EMAILS", "5/h")
# Guesses at the password of a password-protected page or document collection (Wagtail).
RATE_LIMIT_PAGE_PASSWORDS = env_rate("RATE_LIMIT_PAGE_PASSWORDS", "10/15m")
RATE_LIMIT_VISIT_REQUESTS = env_rate("RATE_LIMIT_VISIT_REQUESTS", "5/h")
RATE_LIMIT_OUTDATED_REPORTS = env_rate("RATE_LIMIT_OUTDATED_REPORTS", "5/h")

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
# Files only a permission-checked view may hand out (forum attachments): never under
# MEDIA_ROOT, which the proxy serves to anyone. SENDFILE_MODE: how that view sends them —
# none (Django streams the file), nginx (X-Accel-Redirect to an `internal` location at
# SENDFILE_NGINX_LOCATION), apache (X-Sendfile). See docs/deploy.md.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured("PRIVATE_MEDIA_ROOT must not be inside MEDIA_ROOT (it is public).")
SENDFILE_MODE = env_str("SENDFILE_MODE", "none")
if SENDFILE_MODE not in {"none", "nginx", "apache"}:
    raise ImproperlyConfigured(f"SENDFILE_MODE={SENDFILE_MODE!r}: use none, nginx or apache.")
SENDFILE_NGINX_LOCATION = env_str("SENDFILE_NGINX_LOCATION", "/_protected/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "tavolone.home.private_files.PrivateStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Files browsers ask for at the site's root (/favicon.ico), served by whitenoise as they are.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Every image upload (avatars, Wagtail images, attachments) is refused above this many pixels,
# read from the header before decoding; Pillow refuses to decode twice as many anywhere.
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 25_000_000, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Wagtail ------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Tavolone"
# The admin's dashboard would ask releases.wagtail.io for new versions from every editor's browser.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Milliseconds between the page editor's autosaves (0: off); Wagtail's default is 500.
WAGTAIL_AUTOSAVE_INTERVAL = env_int("WAGTAIL_AUTOSAVE_INTERVAL", 500, minimum=0)
# No Gravatar in the admin: editors' email hashes stay here and no third-party image is needed.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Wagtail's database backend; quotes in search terms escaped for SQLite (tavolone/wagtail_search.py)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "tavolone.wagtail_search"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS
# Uploads Pillow cannot decode (truncated, polyglots) are form errors, not later server errors.
WAGTAILIMAGES_IMAGE_FORM_BASE = "tavolone.home.image_forms.ImageForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "txt"]
# Map tiles the visitor's browser loads (the server never does); empty: pins without a base map.
MAP_TILES_URL = env_str("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")

# --- machina ------------------------------------------------------------------------------------
MACHINA_FORUM_NAME = "Tavolone"
MACHINA_BASE_TEMPLATE_NAME = "base.html"
MACHINA_DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS: list[str] = []
# Posts, signatures and descriptions: GitHub-flavoured Markdown (cmark-gfm), then sanitised by an
# nh3 allow-list; capped so that any source renders in bounded time (forum/markup.py).
MACHINA_MARKUP_LANGUAGE = ("forum.markup.render", {})
FORUM_MARKUP_MAX_LENGTH = env_int("FORUM_MARKUP_MAX_LENGTH", 20_000, minimum=1)
FORUM_MARKUP_MAX_DEPTH = env_int("FORUM_MARKUP_MAX_DEPTH", 32, minimum=4)
FORUM_MARKUP_MAX_TABLE_CELLS = env_int("FORUM_MARKUP_MAX_TABLE_CELLS", 10_000, minimum=1)
# Hosts besides SITE_URL's whose images posts may embed (e.g. a media CDN); any other image is
# shown as a link, so that a reader's browser asks no third party before the reader clicks.
FORUM_MARKUP_IMAGE_HOSTS = env_list("FORUM_MARKUP_IMAGE_HOSTS", [])
MACHINA_TOPIC_POSTS_NUMBER_PER_PAGE = 15
# Trust for new members (forum/trust.py): approval queue and posting rate limit.
FORUM_TRUST_TRUSTED_AFTER = env_int("FORUM_TRUST_TRUSTED_AFTER", 3, minimum=0)
FORUM_TRUST_NEW_ACCOUNT_DAYS = env_int("FORUM_TRUST_NEW_ACCOUNT_DAYS", 7, minimum=0)
FORUM_TRUST_RATE_LIMIT_POSTS = env_int("FORUM_TRUST_RATE_LIMIT_POSTS", 5, minimum=1)
FORUM_TRUST_RATE_LIMIT_MINUTES = env_int("FORUM_TRUST_RATE_LIMIT_MINUTES", 10, minimum=1)
# Moderators get at most one email about the approval queue per this many minutes (a digest).
FORUM_MODERATION_EMAIL_MINUTES = env_int("FORUM_MODERATION_EMAIL_MINUTES", 5, minimum=1)
FORUM_TRUST_PREVIEW_RATE_LIMIT = env_int("FORUM_TRUST_PREVIEW_RATE_LIMIT", 30, minimum=1)
FORUM_TRUST_PREVIEW_RATE_MINUTES = env_int("FORUM_TRUST_PREVIEW_RATE_MINUTES", 10, minimum=1)
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

# Content-Security-Policy (django-csp, tavolone/home/csp.py): the site's, the admins' looser one.
EMBED_FRAME_SOURCES = env_list(
    "EMBED_FRAME_SOURCES",
    ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"],
)
CONTENT_SECURITY_POLICY = {"DIRECTIVES": site_policy(MAP_TILES_URL, EMBED_FRAME_SOURCES)}
ADMIN_CONTENT_SECURITY_POLICY = admin_policy(CONTENT_SECURITY_POLICY["DIRECTIVES"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
