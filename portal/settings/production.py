"""Production: gunicorn behind a TLS-terminating proxy; `manage.py check --deploy` is clean."""

from .base import *  # noqa: F403
from .base import REDIS_URL, env, env_bool, require_secret_key

DEBUG = False
SECRET_KEY = require_secret_key(env("SECRET_KEY"))

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

# The proxy terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# nginx passes the visitor's address as `proxy_set_header X-Real-IP $remote_addr;`.
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", "HTTP_X_REAL_IP")

# Issue 11, item 3: a page cache kept in each process's memory is wrong as soon as there are
# several processes. A withdrawn consent (or any change) invalidates only the cache of the
# process that saved it; the other gunicorn workers kept listing the person for up to
# PUBLIC_CACHE_SECONDS. Settings cannot know how many processes will serve them (gunicorn -w,
# uwsgi, systemd units, several machines), and a refusal in a gunicorn config hook would guard
# only gunicorn started with that file; so production without Redis renders every public page
# afresh, which is correct however it is run. With REDIS_URL the page cache is shared and on.
if not REDIS_URL:
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405

# E-mail off the request path (issue 16): a transition queues its notices in the database and
# answers; `manage.py db_worker --backend mail` (a process beside gunicorn) sends them.
TASKS["mail"] = {"BACKEND": "django_tasks_db.DatabaseBackend"}  # noqa: F405
