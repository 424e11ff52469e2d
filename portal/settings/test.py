"""The test suite: fast hashing, in-memory mail, the same databases as production."""

import os

from .base import *  # noqa: F403
from .base import env

# pytest-xdist names each worker (gw0, gw1, …): every folder the tests write to is the worker's
# own, so that parallel workers never delete or overwrite each other's files.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")

SECRET_KEY = env("SECRET_KEY", "test-only-insecure-key-yurga-mentoring-portal")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media" / WORKER  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-private-media" / WORKER  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files straight from the apps (no collectstatic), as the live server of browser tests needs.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Threads of the live server must not keep connections that block dropping the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
