"""Settings for the Mantelzorgportaal.

Development defaults are safe to run; production differs only by environment variables.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# Like healthchecks: development is the default; production sets DEBUG=0 and SECRET_KEY.
DEBUG = env_bool("DEBUG", default=True)
_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "corsheaders",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "directory",
    "respite",
    "providers",
    "referrers",
    "selfcheck",
    "insight",
    "django_tasks_db",
    "portal",  # its management command run_worker
]

MIDDLEWARE = [
    "portal.middleware.PublicGZipMiddleware",  # outermost: compresses the finished page
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.ChosenLanguageMiddleware",  # after auth: a signed-in person's choice
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireStaffMFAMiddleware",
    "accounts.middleware.RememberWhereFromMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.choices",
            ],
        },
    },
    # Mail bodies and subjects (portal/mail.py send()): plain text, never HTML-escaped.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "NAME": "mail",
        "DIRS": [BASE_DIR / "templates" / "mail"],
        "APP_DIRS": False,
        "OPTIONS": {"autoescape": False},
    },
]

# SQLite is the embedded default; production sets DATABASE_URL=postgres://…
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run` writes from two processes (the site and the worker). SQLite's default
    # transactions take the write lock only at their first write and then fail at once with
    # "database is locked" (a 500 on saving a referral was seen); IMMEDIATE takes it at the
    # start and waits up to `timeout` seconds, and WAL lets readers go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "beheer:home"

# django-allauth: staff sign in with e-mail and password, then a TOTP code; staff accounts are
# made by invitation only (roles are given by superusers). Rate limits use the shared
# (database) cache.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Our subjects name the portal themselves; allauth would prefix the host name ("[127.0.0.1:8000]").
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGIN_METHODS = {"email"}
# Caregivers: an account with only an e-mail address, and a one-time code by mail to sign in.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]  # password optional: caregivers use codes
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mantelzorgportaal"
MFA_FORMS = {"activate_totp": "accounts.forms.ActivateTOTPForm"}

# Django 6.1 mailers. Development prints mail to the console; production sends by SMTP.
_MAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_MAIL_OPTIONS = (
    {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        # A mail server that hangs must not hold a worker: give up and retry later.
        "timeout": env_int("EMAIL_TIMEOUT", 15),
    }
    if _MAIL_BACKEND.endswith("smtp.EmailBackend")
    else {}
)
MAILERS = {"default": {"BACKEND": _MAIL_BACKEND, "OPTIONS": _MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Mantelzorgportaal <noreply@mantelzorgportaal.example>"
)
# Links in e-mails. `make run` sets it to the address it serves; production must set it.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else None).rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must start with http:// or https://.")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator"},  # a Dutch message
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
# The portal's own texts in these languages (issue 26.5); offer texts stay Dutch. Each name
# is written in its own language: that is how a reader finds theirs in the switch. Dutch is
# the default whatever the browser asks: only the visitor's own choice changes it (a cookie,
# and for a signed-in person their account, which also sets the language of their mails).
LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("pl", "Polski"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
]
LANGUAGES_BIDI = ["ar"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# collectstatic writes here; a deploy (or a test serving its own instance) may choose where.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security headers. Pages have no inline scripts or styles, so the policy can be strict.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Production hardening follows DEBUG=0; each part can still be set on its own.
_PRODUCTION = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if _PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _PRODUCTION)
_SECURE_COOKIES = env_bool("SECURE_COOKIES", _PRODUCTION)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = _SECURE_COOKIES
# The __Host- prefix makes browsers refuse these cookies over http or from a subdomain.
SESSION_COOKIE_NAME = "__Host-sessionid" if _SECURE_COOKIES else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if _SECURE_COOKIES else "csrftoken"
# A request step whose CSRF token went stale (signed in again in another tab) keeps its
# answers; every other failure gets templates/403_csrf.html.
CSRF_FAILURE_VIEW = "respite.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
_BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if _BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Who a client is, for rate limits (portal/ratelimit.py): the address that reached us, or
# behind our one proxy the address it saw. Never an X-Forwarded-For a client wrote itself.
CLIENT_BEHIND_PROXY = _BEHIND_TLS_PROXY
# allauth's rate limits (sign-in, codes) the same way: the last X-Forwarded-For entry, the one
# our proxy wrote. Without it every visitor behind nginx had one address, and ten failed
# logins a minute blocked every staff login.
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if _BEHIND_TLS_PROXY else 0

# Published in /.well-known/security.txt.
SECURITY_CONTACT = env_str("SECURITY_CONTACT", "mailto:security@mantelzorgportaal.example")

# Serve files straight from the source folders in development (and in tests, which run with
# DEBUG forced off), so no collectstatic is needed before `make run` or `make test`.
WHITENOISE_AUTOREFRESH = env_bool("WHITENOISE_AUTOREFRESH", DEBUG)
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH

# The default cache is shared by all processes (database table, created by `createcachetable`);
# 'pages' keeps rendered public pages in each process's memory (see directory/cache.py).
# Background work (mail, reminders, retention) through Django's tasks API, stored in the
# database by django-tasks-db and run by its worker: `manage.py db_worker` (make run starts it).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        # 'aanmelden': sign-in codes and confirmations, with a worker of their own.
        "QUEUES": ["default", "aanmelden"],
    }
}

# Without REDIS_URL (make run): the database cache for what must be shared between processes
# (catalogue version, rate limits) and each process's memory for rendered pages. With
# REDIS_URL (several app instances): Django's built-in Redis cache for both, so every
# instance shares the page cache, the rate limits and allauth's limits.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    # While Redis is unreachable each process counts rate limits in its own memory and
    # caches no pages (portal.cache.ResilientRedisCache); /gezond/klaar/ says so.
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mzp",
            "OPTIONS": {"FALLBACK": "memory"},
        },
        "pages": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mzp-pages",
            "OPTIONS": {"FALLBACK": "none"},
        },
        "fragments": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mzp-fragments",
            "OPTIONS": {"FALLBACK": "none"},
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "public-pages",
            "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 500)},
        },
        # Rendered offer cards (directory/cards.py), about 1.5 KB each, per process.
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "fragments",
            "OPTIONS": {"MAX_ENTRIES": env_int("FRAGMENT_CACHE_MAX_ENTRIES", 20000)},
        },
    }
# Rendered pieces that depend only on the code, such as the site's header and footer for
# visitors who are not signed in (base.html): in each process's memory, never shared (a new
# release must not read the last one's). None in development, so template edits show at once.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.dummy.DummyCache"
    if DEBUG
    else "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "code-fragments",
}
# Off in development, so template edits show at once.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 0 if DEBUG else 600)

# Respite requests hold health-related data about a third person (AVG art. 9). Closed requests
# are anonymised after this many days: two years covers aftercare, a new request for the same
# situation and questions about a decision, and no more.
RESPITE_RETENTION_DAYS = env_int("RESPITE_RETENTION_DAYS", 730)

# The open-data API (/api/hsds/, issue 14): readable from any web page, GET only, no cookies.
CORS_URLS_REGEX = r"^/api/hsds/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Retry-After")
# Requests per minute per client (IP address) on the shared cache.
HSDS_RATE = env_str("HSDS_RATE", "300/m")

# Let the HSDS import read from addresses inside our own network (development and tests).
HSDS_IMPORT_ALLOW_PRIVATE = env_bool("HSDS_IMPORT_ALLOW_PRIVATE", DEBUG)

# Catalogue behaviour
DIRECTORY_PAGE_SIZE = env_int("DIRECTORY_PAGE_SIZE", 25)
# Offers not verified for longer than this many days are flagged on their page.
DIRECTORY_STALE_AFTER_DAYS = env_int("DIRECTORY_STALE_AFTER_DAYS", 365)
# Editors are asked to check an offer again after this many days (about 6 months).
DIRECTORY_REVIEW_AFTER_DAYS = env_int("DIRECTORY_REVIEW_AFTER_DAYS", 183)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
