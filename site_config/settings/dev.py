"""Settings for `make run` on a developer's machine: DEBUG on, a throwaway key."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
# Only ever used on a developer's machine; production.py refuses to start without its own.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-coproweek-7b1f2c9e")
ALLOWED_HOSTS = ["*"]
# Serve static files straight from the app folders; no collectstatic in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
