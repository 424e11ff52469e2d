"""Local development: `make run`. Debugging on, a fixed key that never leaves this machine."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-yurga-mentoring-portal")

# runserver serves static files from the apps; collectstatic is for production only.
STATIC_ROOT = None
