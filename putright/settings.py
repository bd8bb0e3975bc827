"""Django settings for PutRight.

Everything a deployment changes comes from the environment:

``PUTRIGHT_DATA_DIR``  where the SQLite database, the generated secret key and uploaded files live
                       (default ``./var``)
``DATABASE_URL``       e.g. ``postgresql://app:app@127.0.0.1:5432/putright``; default SQLite in the data dir
``CONN_MAX_AGE``       seconds a worker keeps its database connection (default 600; 0: one per request)
``SECRET_KEY``         default: generated once into ``<data dir>/secret_key``
``DEBUG``              ``1``/``true``/``yes`` to turn on (default off)
``ALLOWED_HOSTS``      comma separated (default ``localhost,127.0.0.1,testserver``)
``SECURE_COOKIES``     ``1`` behind HTTPS to mark session and CSRF cookies secure
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext

from putright import object_storage

# Lets typed generics such as ``admin.ModelAdmin[Complaint]`` work at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("PUTRIGHT_DATA_DIR", "var")).resolve()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """The ``SECRET_KEY`` from the environment, else one generated once and kept in the data dir."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # Create exclusively so two processes starting together cannot write different keys.
    try:
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
            handle.write(key)
    except FileExistsError:
        return path.read_text().strip()
    return key


SECRET_KEY = _secret_key()
DEBUG = _flag("DEBUG")
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "putright.accounts",
    "putright.complaints",
    "putright.api",
    "putright.web",
    "putright.governance",
    "putright.letters",
    "putright.portal",
    "putright.intake",
    "putright.ombudsman",
    "django_tasks",
    "django_tasks_db",
    "rules",
    "axes",
    "putright.workspace",
    "putright.access",
    "putright.imports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # the Django admin's pages in the access log (putright.access.middleware)
    "putright.access.middleware.AdminAccessLog",
    "putright.complaints.rules.RememberLandlordRules",
    # a stored history the core cannot read, explained to staff (putright.web.unreadable)
    "putright.web.unreadable.ExplainUnreadableRecords",
]

ROOT_URLCONF = "putright.urls"
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "landing"  # by role: putright.access.policy.landing_url
LOGOUT_REDIRECT_URL = "sign-in"
WSGI_APPLICATION = "putright.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "putright.access.context.access",
                "putright.web.context.landlord",
            ],
        },
    },
]

# --------------------------------------------------------------------------------------------------
# Database: SQLite by default, PostgreSQL (or anything dj-database-url reads) via DATABASE_URL.

SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    "transaction_mode": "IMMEDIATE",
}

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'putright.sqlite3'}",
        # One connection per worker, kept (checked before reuse): opening one per request cost
        # 3-4 ms on SQLite (pragmas, cold page cache) and 5-10 ms on PostgreSQL. 0 turns this off.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
    if str(DATABASES["default"]["NAME"]) != ":memory:":
        DATA_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --------------------------------------------------------------------------------------------------
# Static and uploaded files

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("PUTRIGHT_MEDIA_ROOT", DATA_DIR / "media")).resolve()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Behind HTTPS set SECURE_COOKIES=1 (off by default so a local run over http can log in).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _flag("SECURE_COOKIES")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # the PDF renderer reports every step at INFO, some while it is imported (before any code that
    # renders could quieten it): "Step 2 - Fetching and parsing CSS" on the console of every start
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}


# --------------------------------------------------------------------------------------------------
# Background work (reminders, sending letters and emails): a database-backed queue that works on
# SQLite and PostgreSQL. Run a worker with `putright manage db_worker`.
TASKS = {"default": {"BACKEND": os.environ.get("PUTRIGHT_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Email: SMTP configured by environment (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS); without EMAIL_HOST, mail is written to the console so nothing is lost in a demo.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "complaints@putright.invalid")

# Letters (putright.letters): how issued letters are emailed. "smtp" (the EMAIL_* settings above) or
# "notify" (GOV.UK Notify, for councils: NOTIFY_API_KEY and a Notify email template whose body is
# ((body)) with subject ((subject)); NOTIFY_EMAIL_TEMPLATE_ID names it). A failed send is retried
# with backoff up to PUTRIGHT_LETTER_DELIVERY_ATTEMPTS times.
PUTRIGHT_EMAIL_PROVIDER = os.environ.get("PUTRIGHT_EMAIL_PROVIDER", "smtp").strip().lower()
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "")
PUTRIGHT_LETTER_DELIVERY_ATTEMPTS = int(os.environ.get("PUTRIGHT_LETTER_DELIVERY_ATTEMPTS", "5"))


# --------------------------------------------------------------------------------------------------
# Staff sign-in (putright.workspace): brute-force protection, object permissions, optional single
# sign-on. See putright/workspace/auth.py and the README.
AUTHENTICATION_BACKENDS = [
    "putright.workspace.auth.AxesBackend",  # django-axes: lock out after repeated failures
    "rules.permissions.ObjectPermissionBackend",  # per-complaint permissions (putright.access.policy)
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = _flag("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # one account from one address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "putright.workspace.views.locked_out"
AXES_VERBOSE = False
if os.environ.get("AXES_PROXY_COUNT"):  # behind a reverse proxy: trust this many X-Forwarded-For hops
    AXES_IPWARE_PROXY_COUNT = int(os.environ["AXES_PROXY_COUNT"])
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Single sign-on with the landlord's identity provider (OpenID Connect, e.g. Microsoft Entra ID),
# on only when OIDC_RP_CLIENT_ID is set. Staff are matched to their PutRight account by email.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
if OIDC_RP_CLIENT_ID:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(1, "putright.workspace.auth.StaffOIDCBackend")
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
    OIDC_CREATE_USER = _flag("OIDC_CREATE_USER")
    LOGIN_REDIRECT_URL_FAILURE = "/sign-in/"


# ==================================================================================================
# Security, records and backups (issue 12, branch h12b). Kept in one block; see SECURITY.md.

# Backups keep times to the microsecond (putright/records/serializer.py).
SERIALIZATION_MODULES = {"putright-jsonl": "putright.records.serializer"}

INSTALLED_APPS.append("putright.records")

# PostgreSQL: the role PutRight runs as when it is not the tables' owner (``putright db roles``); after
# each migrate (run as the owner) its grants are applied again to the new tables.
PUTRIGHT_DB_APP_ROLE = os.environ.get("PUTRIGHT_DB_APP_ROLE", "")

# --- Content-Security-Policy (django-csp): scripts, styles and fonts only from our own static files,
# no inline script or style, no framing, forms post only to us.
INSTALLED_APPS.append("csp")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- HTTPS: behind TLS set SECURE_SSL_REDIRECT=1 and SECURE_HSTS_SECONDS (e.g. 31536000); behind a
# proxy that terminates TLS, SECURE_PROXY_SSL_HEADER=1 trusts its X-Forwarded-Proto.
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD")
if _flag("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True

# --- Sessions: signed out after 30 minutes idle and 12 hours in all (putright/web/middleware.py),
# and when the browser closes.
PUTRIGHT_SESSION_IDLE_MINUTES = int(os.environ.get("PUTRIGHT_SESSION_IDLE_MINUTES", "30"))
PUTRIGHT_SESSION_ABSOLUTE_HOURS = int(os.environ.get("PUTRIGHT_SESSION_ABSOLUTE_HOURS", "12"))
SESSION_COOKIE_AGE = PUTRIGHT_SESSION_ABSOLUTE_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "putright.web.middleware.SessionTimeoutMiddleware",
)
# A NUL in a query or form value: a 400 page, in the path a 404, before any view and before the CSRF
# check (which runs as the view is called); after authentication so the page knows who is signed in.
# A cookie carrying one is dropped before the session is looked up, and other headers lose theirs
# before sign-in's lockout records the user agent (putright/web/middleware.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
    "putright.web.middleware.DropNulFromHeaders",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "putright.web.middleware.RefuseNulMiddleware",
)
# Every page and file PutRight makes is personal or may be: `Cache-Control: no-store` (static files,
# served by WhiteNoise before this, are cached as usual).
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "putright.web.middleware.NoStoreMiddleware",
)

# --- Second factor (django-otp, TOTP) for staff signing in with a password; on with
# PUTRIGHT_REQUIRE_TWO_FACTOR=1 (the documented production settings). Single sign-on (OIDC) leaves
# the second factor to the identity provider.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.append("putright.accounts.twofactor.RequireSecondFactorMiddleware")
PUTRIGHT_REQUIRE_TWO_FACTOR = _flag("PUTRIGHT_REQUIRE_TWO_FACTOR")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "PutRight")

# --- API tokens expire: the default and longest lifetime a new token may have, in days.
PUTRIGHT_API_TOKEN_DAYS = int(os.environ.get("PUTRIGHT_API_TOKEN_DAYS", "90"))
PUTRIGHT_API_TOKEN_MAX_DAYS = int(os.environ.get("PUTRIGHT_API_TOKEN_MAX_DAYS", "366"))

# --- Rate limits (django-ratelimit) per address and per target on the resident form, following a
# complaint, staff sign-in and the API (putright/web/ratelimits.py). Counts are kept in a database
# cache table with an atomic increment, so every worker shares them. PUTRIGHT_RATE_LIMITS=0 turns
# them off (load tests).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "putright.web.ratecache.AtomicDatabaseCache", "LOCATION": "putright_ratelimit"},
}
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_ENABLE = _flag("PUTRIGHT_RATE_LIMITS", True)
if os.environ.get("AXES_PROXY_COUNT"):
    RATELIMIT_IP_META_KEY = "putright.web.ratelimits.client_ip"
MIDDLEWARE.append("putright.web.ratelimits.RateLimitMiddleware")
# django-ratelimit warns that only memcached and Redis are "officially supported"; our cache's
# increment is atomic (a row lock on PostgreSQL, SQLite's single writer), see ratecache.py.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# --- Retention (putright/records/retention.py): years a finished record is kept after it ended, per
# record type (the complaint's final status), e.g. PUTRIGHT_RETENTION="default=6,declined=2".
PUTRIGHT_RETENTION_YEARS = {
    kind.strip(): int(years)
    for kind, years in (
        part.split("=", 1) for part in os.environ.get("PUTRIGHT_RETENTION", "").split(",") if "=" in part
    )
}
# --------------------------------------------------------------------------------------------------
# Scale-out: documents and issued letters in S3-compatible object storage when PUTRIGHT_S3_BUCKET is
# set (django-storages with boto3; the variables are in putright/object_storage.py and the README's
# production section), so that several web servers and task workers share them. The local
# filesystem (MEDIA_ROOT) stays the default. Sessions are in the database, so any web server can
# answer any request.
STORAGES["default"] = object_storage.default_storage(os.environ)

# The staff pages' warning when no task worker has taken work for 5 minutes (putright/web/task_queue.py):
# one cached query; PUTRIGHT_TASK_QUEUE_WARNING=0 turns it off (the test run does, so that pages
# issue the same queries whatever ran before; its own tests turn it on).
PUTRIGHT_TASK_QUEUE_WARNING = _flag("PUTRIGHT_TASK_QUEUE_WARNING", True)
