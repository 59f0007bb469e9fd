"""Vigie settings: one file, every value read from the environment with a safe demo default.

Every setting is listed with its default in docs/configuration.md.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from cryptography.fernet import Fernet
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on", "oui"}:
        return True
    if value.lower() in {"0", "false", "no", "off", "non"}:
        return False
    raise ImproperlyConfigured(f"{name} doit valoir true ou false (reçu : {value!r})")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} doit être un entier (reçu : {value!r})") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DATA_DIR = Path(env_str("VIGIE_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    # Demo default: a random key kept in the data folder, never a constant in the repository.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Where the accessibility statement sends those who cannot use a page (docs/rgaa.md); empty: the quality officer.
ACCESSIBILITY_CONTACT = env_str("VIGIE_ACCESSIBILITY_CONTACT", "")

HAS_BUILTIN_TASKS = find_spec("django.tasks") is not None  # Django >= 6.0

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "widget_tweaks",
    "dsfr",
    "django_htmx",
    "ninja",  # the API's documentation page with its own Swagger files (no CDN: the CSP allows only Vigie's files)
    "axes",
    "csp",
    "django_ratelimit",
    "mozilla_django_oidc",
    *([] if HAS_BUILTIN_TASKS else ["django_tasks"]),
    "django_tasks_db",
    "vigie.core",
    "vigie.organisation",
    "vigie.frameworks",
    "vigie.indicators",
    "vigie.mail",
    "vigie.improvement",
    "vigie.register",
    "vigie.audits",
    "vigie.committees",
    "vigie.consolidation",
    "vigie.surveys",
    "vigie.documents",
    "vigie.people",
    "vigie.home",
    "vigie.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "vigie.api.ApiErrorsMiddleware",  # under /api/, every answer is JSON in French (unknown address, 405, 500…)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",  # blocked posts → RATELIMIT_VIEW (429)
]

ROOT_URLCONF = "vigie.urls"
WSGI_APPLICATION = "vigie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "vigie.organisation.context_processors.vigie",
            ],
        },
    },
]

# Persistent connections on PostgreSQL by default (60 s): opening one costs ~15 ms, more than a whole creation of a
# request (issue 17); health checks drop a connection the server closed. SQLite opens a file: 0 by default.
_DATABASE_URL = os.environ.get("DATABASE_URL", "")
_IS_POSTGRES = _DATABASE_URL.startswith(("postgres://", "postgresql://", "pgsql://"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'vigie.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if _IS_POSTGRES else 0),
        conn_health_checks=_IS_POSTGRES,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "vigie.core.passwords.FrenchCommonPasswordValidator"},  # French words, names, towns, keyboard walks
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "vigie.organisation.backends.RoleBackend",
]

# Login throttling (django-axes, vigie/organisation/throttling.py): the client's address as the rate limits see it
# (behind VIGIE_PROXY_COUNT proxies); 5 failures lock a (username, address) pair for one hour, so a stranger never
# locks a user out from another address; 50 failures from one address lock it, whatever the usernames (password
# spraying), except for a username that signed in from that address in the last 30 days.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "vigie.core.network.client_ip"
AXES_HANDLER = "vigie.organisation.throttling.LoginThrottleHandler"
VIGIE_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("VIGIE_LOGIN_ADDRESS_FAILURE_LIMIT", 50)
VIGIE_LOGIN_KNOWN_ADDRESS_DAYS = env_int("VIGIE_LOGIN_KNOWN_ADDRESS_DAYS", 30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_HTTPONLY = True
# Served over https (SITE_URL): secure cookies, HTTPS only (redirection, then HSTS for a year, subdomains included).
# HSTS is hard to take back (browsers keep it for SECURE_HSTS_SECONDS): SECURE_HSTS_SECONDS=0 switches it off.
HTTPS_SITE = not DEBUG and SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS_SITE)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS_SITE)  # behind a proxy: VIGIE_BEHIND_TLS_PROXY=true
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS_SITE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS_SITE)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# Secrets kept in the database (the IMAP passwords of the functional mailboxes) are encrypted with these Fernet keys
# (vigie/core/encryption.py): comma-separated, the first encrypts, all decrypt (rotation: new key first, then
# `vigie rotate_encryption_keys`, then remove the old one). Required in production (https SITE_URL, DEBUG off).
# Elsewhere (demo, development, tests) a key derived from SECRET_KEY: changing SECRET_KEY then loses the secrets.
VIGIE_ENCRYPTION_KEYS = env_list("VIGIE_ENCRYPTION_KEYS", [])
if not VIGIE_ENCRYPTION_KEYS:
    if HTTPS_SITE:
        raise ImproperlyConfigured(
            "VIGIE_ENCRYPTION_KEYS manque : il chiffre les mots de passe des boîtes IMAP. Créez une clé avec "
            "python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' "
            "et gardez-la hors de la base (perdue, les mots de passe des boîtes sont à ressaisir)."
        )
    VIGIE_ENCRYPTION_KEYS = [base64.urlsafe_b64encode(hashlib.sha256(f"vigie:{SECRET_KEY}".encode()).digest()).decode()]
for _number, _key in enumerate(VIGIE_ENCRYPTION_KEYS, start=1):
    try:
        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            f"VIGIE_ENCRYPTION_KEYS : la clé n° {_number} n'est pas une clé Fernet (32 octets en base64 URL, "
            "44 caractères)."
        ) from None
SESSION_COOKIE_AGE = 8 * 3600

# Single sign-on with ProConnect (OpenID Connect), off unless PROCONNECT_ENABLED is true.
PROCONNECT_ENABLED = env_bool("PROCONNECT_ENABLED", False)
if PROCONNECT_ENABLED:
    _oidc_required = [
        "OIDC_RP_CLIENT_ID",
        "OIDC_RP_CLIENT_SECRET",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
    ]
    _missing = [name for name in _oidc_required if not env_str(name)]
    if _missing:
        raise ImproperlyConfigured("PROCONNECT_ENABLED est activé mais ces variables manquent : " + ", ".join(_missing))
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_OP_LOGOUT_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email given_name usual_name uid siret")
    OIDC_USE_NONCE = True
    OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)  # seconds per call to ProConnect (the library waits forever)
    # Unknown agents are refused unless accounts may be created on first sign-in (without any role).
    PROCONNECT_CREATE_USERS = env_bool("PROCONNECT_CREATE_USERS", False)
    LOGIN_REDIRECT_URL_FAILURE = "login"  # resolved by vigie.organisation.oidc.ProConnectCallbackView
    if OIDC_OP_LOGOUT_ENDPOINT:  # the end-session call needs the id_token: kept in the session
        OIDC_STORE_ID_TOKEN = True
        OIDC_OP_LOGOUT_URL_METHOD = "vigie.organisation.oidc.provider_logout_url"
    # A refused ProConnect sign-in is not a password guess: axes must not lock out a shared address for it.
    AXES_WHITELIST_CALLABLE = "vigie.organisation.oidc.is_oidc_callback"
    AUTHENTICATION_BACKENDS.append("vigie.organisation.oidc.ProConnectBackend")
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# Content-Security-Policy (django-csp): Vigie's own files only; a script also runs with the page's nonce (CSP_NONCE
# in templates), never inline without it; no inline style (the DSFR and Vigie's CSS are files), no plugin, no frame.
# The ProConnect button and the ProConnect sign-out are forms whose redirection ends at ProConnect: form-action names
# its origin. Checked in Chromium on every kind of page (tests/browser/test_content_security_policy.py).
_FORM_TARGETS = [SELF]
if PROCONNECT_ENABLED:
    _FORM_TARGETS += sorted({_origin(url) for url in (OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_LOGOUT_ENDPOINT) if url})
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": _FORM_TARGETS,
    }
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
# Production (VIGIE_STATIC_MANIFEST=true): run `vigie collectstatic`; hashed, compressed files.
# Demo default: WhiteNoise serves the files straight from the installed packages.
VIGIE_STATIC_MANIFEST = env_bool("VIGIE_STATIC_MANIFEST", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if VIGIE_STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if not VIGIE_STATIC_MANIFEST:
    WHITENOISE_USE_FINDERS = True
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# django-dsfr: integrity hashes break under manifest storage (STACK-NOTES §9.1).
DSFR_USE_INTEGRITY_CHECKSUMS = False
DSFR_MARK_OPTIONAL_FIELDS = True

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "vigie@localhost")

# Cache in the database: shared by every process (rate limits of the public form), no extra service.
# `vigie createcachetable` creates its table (make run and the production steps do it).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "vigie_cache"}}
# django-ratelimit only vouches for memcached/redis (E003, W001): on the database cache an increment may be
# lost under a race, so a burst can get one or two more posts through — acceptable for limiting abuse of the
# public form, and it spares a Redis service. Deployments with Redis can point CACHES at it.
# security.W021 (HSTS preload): the preload list is asked for by the owner of the whole domain (a ministry's), not by
# one application on a subdomain; SECURE_HSTS_PRELOAD=true is there for the domain that does.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001", "security.W021"]
RATELIMIT_VIEW = "vigie.core.views.rate_limited"
CSRF_FAILURE_VIEW = "vigie.core.views.csrf_failure"  # French, in the design system
PUBLIC_FORM_RATE = env_str("PUBLIC_FORM_RATE", "5/h")
# Accepted survey answers per hour: from one address (QR code page), from one kiosk (a tablet in a hall).
SURVEY_PUBLIC_RATE = env_str("SURVEY_PUBLIC_RATE", "10/h")
SURVEY_KIOSK_RATE = env_str("SURVEY_KIOSK_RATE", "240/h")
# continuous rating: accepted ratings per address, and how long their comments are kept (then erased)
SURVEY_RATING_RATE = env_str("SURVEY_RATING_RATE", "10/h")
SURVEY_COMMENT_RETENTION_DAYS = env_int("SURVEY_COMMENT_RETENTION_DAYS", 365)
# Behind reverse proxies, the client's address is the N-th from the right of X-Forwarded-For (each trusted proxy
# appends the address it received from); 0 = REMOTE_ADDR. Without it, every citizen would share the proxy's limit.
VIGIE_PROXY_COUNT = env_int("VIGIE_PROXY_COUNT", 0)
RATELIMIT_IP_META_KEY = "vigie.core.network.client_ip"

# Attachments of requests: stored under MEDIA_ROOT with random names, served only through scoped views
# (never under MEDIA_URL). Checked by content: vigie/register/attachments.py.
VIGIE_ATTACHMENT_MAX_BYTES = env_int("VIGIE_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
VIGIE_ATTACHMENT_MAX_FILES = env_int("VIGIE_ATTACHMENT_MAX_FILES", 5)
# Spreadsheet export of a request list: up to this many rows at once, beyond built by the worker with progress
VIGIE_EXPORT_SYNC_MAX_ROWS = env_int("VIGIE_EXPORT_SYNC_MAX_ROWS", 5000)
VIGIE_EXPORT_RETENTION_DAYS = env_int("VIGIE_EXPORT_RETENTION_DAYS", 7)
# How long a retry with the same Idempotency-Key (API) or form token gets the first answer back (core/idempotency.py).
VIGIE_IDEMPOTENCY_HOURS = env_int("VIGIE_IDEMPOTENCY_HOURS", 24)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # form fields without the files
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # bigger uploads go to a temporary file

# Worker schedule (`vigie worker`): daily jobs at local time HH:MM, mailbox reading every N minutes (0: off).
VIGIE_DAILY_JOBS_AT = env_str("VIGIE_DAILY_JOBS_AT", "06:30")
VIGIE_FETCH_MAIL_MINUTES = env_int("VIGIE_FETCH_MAIL_MINUTES", 5)
VIGIE_DIGEST_SOON_DAYS = env_int("VIGIE_DIGEST_SOON_DAYS", 2)
# Action plans: the owner of an open action is reminded N days before its due date, then once when it is overdue.
VIGIE_ACTION_REMINDER_DAYS = env_int("VIGIE_ACTION_REMINDER_DAYS", 7)
# Outbox: seconds before each new try after a failure (the last one repeats, without end: nothing is given up
# while the SMTP server is down; only a permanent refusal of the recipient is).
VIGIE_OUTBOX_RETRY_SECONDS = [
    int(s) for s in env_list("VIGIE_OUTBOX_RETRY_SECONDS", ["60", "300", "1800", "7200", "21600"])
]

# A message being sent is claimed for this long: if its sender dies unnoticed, another one sends it after that.
VIGIE_OUTBOX_CLAIM_SECONDS = env_int("VIGIE_OUTBOX_CLAIM_SECONDS", 600)
# Every `vigie worker` says it is alive this often; one not seen for VIGIE_WORKER_LOST_SECONDS is lost, and the
# others take back its tasks and claimed messages (vigie/core/workers.py).
VIGIE_WORKER_HEARTBEAT_SECONDS = env_int("VIGIE_WORKER_HEARTBEAT_SECONDS", 30)
VIGIE_WORKER_LOST_SECONDS = env_int("VIGIE_WORKER_LOST_SECONDS", 120)
if VIGIE_WORKER_LOST_SECONDS < 2 * VIGIE_WORKER_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        "VIGIE_WORKER_LOST_SECONDS doit valoir au moins deux fois VIGIE_WORKER_HEARTBEAT_SECONDS "
        "(un worker en vie ne doit pas passer pour disparu)"
    )

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind a TLS reverse proxy (nginx…) that sets X-Forwarded-Proto: needed for correct https callback URLs.
if env_bool("VIGIE_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Axes logs usernames and addresses on failures: personal data stays out of the logs.
    # WeasyPrint logs each rendering step (and its default stylesheets when imported) at INFO: warnings only; the
    # same for fontTools, which it calls to subset the fonts of a PDF (the surveys' posters).
    "loggers": {"axes": {"level": "ERROR"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
