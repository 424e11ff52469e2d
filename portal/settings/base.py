"""Settings shared by every profile; everything that varies is read from the environment."""

import ipaddress
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_config(url: str | None, sqlite_path: Path) -> dict:
    """The default database: PostgreSQL from ``DATABASE_URL``, else a SQLite file.

    SQLite runs in WAL mode with ``BEGIN IMMEDIATE`` transactions and a busy timeout, so
    concurrent writers queue for the lock instead of failing with "database is locked".
    """
    if url:
        config = dj_database_url.parse(url, conn_max_age=int(env("DB_CONN_MAX_AGE", "60")))
        config["CONN_HEALTH_CHECKS"] = True
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": sqlite_path,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "workflows",
    "content",
    "registry",
    "wagtail_modeladmin",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
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
    "django_filters",
    "ninja",
    "django_fsm_log",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "axes",
    "whitenoise.runserver_nostatic",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Django's own widget templates, for the project's engine to render form widgets.
    "django.forms",
]

# Widgets render through the project's template engine, so that a widget of the portal (the
# person chooser) lives in the one templates/ tree.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    # First: a cached anonymous page is answered by one cache read and nothing else; the page
    # was stored with the headers the middleware below set on its way out.
    "content.cache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it answers a locked-out login before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "content.context_processors.low_vision",
            ],
        },
    },
]

DATABASES = {
    "default": database_config(env("DATABASE_URL"), BASE_DIR / env("SQLITE_FILE", "db.sqlite3")),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# Brute force on the admin login: after AXES_FAILURE_LIMIT failures of one user name from one
# address, that pair is locked for AXES_COOLOFF_TIME hours; django-axes logs each lockout
# (logger "axes") and keeps the attempts in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_TIME", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The same address as the throttles see: behind the proxy, from its header.
AXES_CLIENT_IP_CALLABLE = "portal.throttle.client_address"

# Content-Security-Policy (portal.middleware): public pages load only this site's own files;
# Wagtail's admin needs inline styles and scripts, and frames its own previews.
CSP_PUBLIC = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
CSP_ADMIN = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'"
)

# The interface is Russian; source strings are English and go through gettext.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Novokuznetsk"
FORMAT_MODULE_PATH = ["portal.formats"]

WAGTAILADMIN_PERMITTED_LANGUAGES = [("ru", "Русский")]
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Personal papers (the mentors' signed consents) live apart from MEDIA_ROOT, in a storage that
# has no URL: no web server, no `static()` route and no link can reach them; the admin streams
# them after checking who asks (workflows.storage). A system check refuses it inside MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "workflows.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Наставничество в Юрге"
# No Gravatar: the site's own CSP blocks it (a broken image on every screen) and it would send
# staff e-mail hashes abroad. No Wagtail release banners or update checks for school staff.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_USER_LOGIN_FORM = "workflows.wagtail_admin.PortalLoginForm"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# PostgreSQL stems with its `russian` configuration («наставника» finds «наставник»);
# SQLite's full-text index has no Russian stemmer and ignores the option.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "russian"}
}
# Documents: only office formats, each checked by its content (content.documents), served
# through Wagtail's view (permissions of private collections apply), never from MEDIA_ROOT;
# only PDF and plain text open in the browser, the rest download as attachments.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "txt", "rtf", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "content.documents.DocumentForm"
# Raster images only: an SVG can carry script.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Tasks (django-tasks, as Wagtail 8 ships it): Wagtail's own run at once, as before; e-mail
# waits on the backend "mail" (workflows.mail). Here, for development and the tests, it is
# sent at once too, so `make run` needs no worker; production queues it in the database for
# `manage.py db_worker --backend mail` (portal/settings/production.py).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "nastavnik@yurga-edu.example")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Every search-index update is a task; its start and end are noise at INFO.
        "django_tasks": {"level": "WARNING"},
        # WeasyPrint reports every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}


def require_secret_key(value: str | None) -> str:
    """Refuse to start a production profile without a real secret key."""
    if not value or len(value) < 50 or len(set(value)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in the environment: at least 50 characters, "
            "e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    return value


# Mentoring documents.
SCAN_MAX_UPLOAD_SIZE = int(env("SCAN_MAX_UPLOAD_SIZE", str(10 * 1024 * 1024)))
# The largest regional list `manage.py import_certificates` reads (bytes); larger is refused.
CERTIFICATE_IMPORT_MAX_SIZE = int(env("CERTIFICATE_IMPORT_MAX_SIZE", str(20 * 1024 * 1024)))
# GOST R 7.0.97: how a registration number is written, and the index each register adds.
ORDER_NUMBER_FORMAT = env("ORDER_NUMBER_FORMAT", "№ {number}{index} от {date:%d.%m.%Y}")
ORDER_NUMBER_INDEXES = {"assign_mentor": "-н", "terminate_mentor": "-н"}

# Throttling counters and lockouts ("default") and whole public pages ("pages", content.cache):
# Redis, shared by every process of every app server, when REDIS_URL is set; else this
# process's memory, which is right only for one process (runserver, the tests). The production
# profile turns the page cache off without Redis (see portal/settings/production.py).
REDIS_URL = env("REDIS_URL")
SHARED_CACHE = (
    {"BACKEND": "portal.cache.SharedRedisCache", "LOCATION": REDIS_URL} if REDIS_URL else None
)
CACHES = {
    "default": SHARED_CACHE or {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": SHARED_CACHE
    or {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "public-pages"},
}
# How long an anonymous page may be served from the cache; every publication and registry
# change invalidates it sooner (content.cache), this only bounds what no signal reports.
PUBLIC_CACHE_SECONDS = int(env("PUBLIC_CACHE_SECONDS", "300"))

# The public registry.
# Verification look-ups per client address and window (seconds), against enumeration.
REGISTRY_VERIFY_LIMIT = int(env("REGISTRY_VERIFY_LIMIT", "30"))
REGISTRY_VERIFY_WINDOW = int(env("REGISTRY_VERIFY_WINDOW", "600"))
# The open-data API per client address and window (seconds): generous for programs, a limit
# on scraping; answers from the public cache are not counted.
REGISTRY_API_LIMIT = int(env("REGISTRY_API_LIMIT", "300"))
REGISTRY_API_WINDOW = int(env("REGISTRY_API_WINDOW", "60"))
# The request header (META key) holding the client address when a proxy sits in front.
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", "")
# The proxies whose CLIENT_IP_HEADER is believed (addresses or networks, comma-separated): from
# any other peer the header is ignored and the peer's own address counts (portal.throttle).
# Parsed here, so that a typo stops the start instead of the first request.
TRUSTED_PROXIES = [
    ipaddress.ip_network(entry, strict=False)
    for entry in env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
]
# Password-reset e-mails (content.throttle.password_reset_allowed): per e-mail address, and per
# client address, which is looser because a whole school may sit behind one address.
PASSWORD_RESET_LIMIT = int(env("PASSWORD_RESET_LIMIT", "3"))
PASSWORD_RESET_ADDRESS_LIMIT = int(env("PASSWORD_RESET_ADDRESS_LIMIT", "10"))
PASSWORD_RESET_WINDOW = int(env("PASSWORD_RESET_WINDOW", "3600"))
# How long clients and proxies may keep open-data answers (seconds).
REGISTRY_CACHE_SECONDS = int(env("REGISTRY_CACHE_SECONDS", "60"))
# Transition comments become history change reasons in full, however long.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
