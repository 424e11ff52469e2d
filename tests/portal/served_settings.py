"""The production profile as gunicorn serves it in tests/portal/test_deployment.py.

Two changes, neither touching what those tests check: static files come from the apps, because
`collectstatic` with compression takes a minute and is not under test; and every response
names the worker process that answered it, so that a test can tell the workers apart.
"""

import os

from portal.settings.production import *  # noqa: F403
from portal.settings.production import MIDDLEWARE, STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None


def worker_pid(get_response):
    """Outermost, so that even an answer from the page cache says who served it."""

    def middleware(request):
        response = get_response(request)
        response["X-Worker-Pid"] = str(os.getpid())
        return response

    return middleware


MIDDLEWARE = ["tests.portal.served_settings.worker_pid", *MIDDLEWARE]
