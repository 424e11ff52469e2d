"""Production: gunicorn behind a TLS-terminating proxy; `manage.py check --deploy` is clean."""

from .base import *  # noqa: F403
from .base import env, env_bool, require_secret_key

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
