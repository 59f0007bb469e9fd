"""Test settings: same as production settings, with fast hashing and strict templates."""

from .settings import *  # noqa: F403
from .settings import STORAGES, TEMPLATES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "!!INVALID:%s!!"
