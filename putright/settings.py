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
    "django_tasks",
    "django_tasks_db",
    "rules",
    "axes",
    "putright.workspace",
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
]

ROOT_URLCONF = "putright.urls"
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "/workspace/"
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
    "rules.permissions.ObjectPermissionBackend",  # per-complaint permissions (putright.workspace.permissions)
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
