"""The portal's one settings module.

Everything that differs between a laptop, CI and production is read from the
environment here, and only here. With no environment at all (plus DEBUG=true)
the portal runs embedded: SQLite, Celery tasks in-process, email to the console.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# No safe default in production: refuse to start rather than sign sessions with a
# key everyone can read in this file.
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (make run and make test set "
            "their own; production must set a long random value)."
        )
    SECRET_KEY = "insecure-embedded-development-key-never-use-in-production"  # noqa: S105

# Embedded (SQLite, tasks in-process, a cache per process) is for a laptop
# and the test command. With DEBUG off a missing DATABASE_URL or REDIS_URL is
# far more likely a mistake in a deployment than a wish, so it is refused
# unless EMBEDDED=true says so (make run is DEBUG; make test sets EMBEDDED).
EMBEDDED = env.bool("EMBEDDED", default=DEBUG)
_missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not env(name, default="")]
if _missing and not EMBEDDED:
    raise ImproperlyConfigured(
        f"{' and '.join(_missing)} must be set when DEBUG is off: production runs "
        "on PostgreSQL and Redis. To run embedded on purpose (SQLite, tasks "
        "in-process), set EMBEDDED=true."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "participation.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for the GOV.UK form renderer
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "guardian",
    # The portal's own apps, lowest layer first (see DESIGN.md).
    "core",
    "accounts",
    "notifications",
    "guidelines",
    "communities",
    "conversations",
    "training",
    "moderation",
    "participation",
]

MIDDLEWARE = [
    "participation.middleware.RequestIdMiddleware",
    # Compresses what every middleware below wrote (Django's docs: before any
    # that reads or writes the body). BREACH: Django masks the CSRF token per
    # request and pads compressed responses at random (Django 4.2+).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "participation.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "participation.middleware.SessionActivityMiddleware",
    "core.middleware.StripControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "participation.urls"
WSGI_APPLICATION = "participation.wsgi.application"

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
                "participation.context_processors.navigation",
            ],
        },
    }
]
# Every Django form renders GOV.UK Design System markup (templates/django/forms/).
FORM_RENDERER = "core.forms.GovukFormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# Persistent connections: a Celery task or a request should not pay for a new
# PostgreSQL connection each time; health checks drop ones the server closed.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is the Celery broker and the shared cache (rate limits must hold across
# web nodes, sessions are read from it first). Without it the portal runs
# embedded: tasks run in-process.
REDIS_URL = env("REDIS_URL", default="")
# While Redis is unreachable the cache is a table in the database instead
# (core/cache.py says why: sign-in limits and used two-factor codes must keep
# holding); core's migration makes the table.
FALLBACK_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "portal_cache_fallback",
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisWithFallbackCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="portal"),
            "OPTIONS": {
                # Failures must reach the fallback, not be swallowed here.
                "IGNORE_EXCEPTIONS": False,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        },
        "fallback": FALLBACK_CACHE,
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "fallback": FALLBACK_CACHE,
    }
# Sessions are read from the cache, written through to the database: a page
# costs no session query while the cache is up, and no one is signed out when
# it is not.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

CELERY_BROKER_URL = REDIS_URL or "memory://"
# Celery reads CELERY_BROKER_URL from the environment before any setting: set
# there, it would quietly send tasks somewhere other than REDIS_URL.
if env("CELERY_BROKER_URL", default=CELERY_BROKER_URL) != CELERY_BROKER_URL:
    raise ImproperlyConfigured(
        "CELERY_BROKER_URL is set in the environment and differs from REDIS_URL: "
        "the portal's broker is REDIS_URL. Unset CELERY_BROKER_URL."
    )
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = env.int(
    "CELERY_WORKER_PREFETCH_MULTIPLIER", default=1
)
CELERY_TIMEZONE = "Europe/London"
# Fail fast when the broker is down: the request still succeeds and the
# notifications sweep sends what could not be queued.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_BEAT_SCHEDULE = {
    # Every minute: queue again emails still pending after the grace period
    # (broker outage, crashed worker), so none is lost.
    "sweep-pending-notifications": {
        "task": "notifications.tasks.sweep_pending_notifications_task",
        "schedule": 60.0,
    },
    # 07:00 every day: one email per person who chose the daily digest.
    "send-daily-digests": {
        "task": "notifications.tasks.send_daily_digests_task",
        "schedule": crontab(hour=7, minute=0),
    },
    # Monday 09:00: remind everyone who has not acknowledged the current principles.
    "send-acknowledgement-reminders": {
        "task": "guidelines.tasks.send_acknowledgement_reminders_task",
        "schedule": crontab(hour=9, minute=0, day_of_week="mon"),
    },
    # Every 15 minutes: items waiting past their organisation's review target
    # are escalated to its other press officers.
    "escalate-waiting-posts": {
        "task": "moderation.tasks.escalate_waiting_posts_task",
        "schedule": 900.0,
    },
    # Hourly: approvals not posted within the organisation's window expire.
    "expire-approvals": {
        "task": "moderation.tasks.expire_approvals_task",
        "schedule": 3600.0,
    },
    # 02:30 daily: recount the reports' rollup, repairing writes around the services.
    "rebuild-post-rollup": {
        "task": "moderation.tasks.rebuild_post_rollup_task",
        "schedule": crontab(hour=2, minute=30),
    },
    # 03:00 daily: does each listed community still answer? (HEAD, then GET)
    "check-community-links": {
        "task": "communities.tasks.check_links_task",
        "schedule": crontab(hour=3, minute=0),
    },
    # Hourly: fetch the communities' feeds (conditional requests: an
    # unchanged feed costs a 304), store and match their new threads.
    "fetch-community-feeds": {
        "task": "conversations.tasks.fetch_feeds_task",
        "schedule": crontab(minute=20),
    },
    # 04:00 daily: forget threads older than THREAD_RETENTION_DAYS.
    "forget-old-threads": {
        "task": "conversations.tasks.forget_old_threads_task",
        "schedule": crontab(hour=4, minute=0),
    },
    # 06:00 daily: entries untouched for six months become "review due".
    "flag-communities-review-due": {
        "task": "communities.tasks.flag_review_due_task",
        "schedule": crontab(hour=6, minute=0),
    },
    # 07:30 daily: training due in 30, 7 or 1 days, and weekly once overdue.
    "send-training-reminders": {
        "task": "training.tasks.send_training_reminders_task",
        "schedule": crontab(hour=7, minute=30),
    },
    # Every 5 minutes: people whose grace period to acknowledge changed
    # principles has ended drop to level 0 until they acknowledge.
    "end-grace-periods": {
        "task": "training.tasks.levels_after_grace_task",
        "schedule": 300.0,
    },
    # 02:30 daily: recompute every stored discretion level, log and repair drift.
    "check-discretion-levels": {
        "task": "training.tasks.levels_check_task",
        "schedule": crontab(hour=2, minute=30),
    },
    # Monday 08:00: press officers' and trainers' weekly summaries.
    "send-weekly-summaries": {
        "task": "notifications.tasks.send_weekly_summaries_task",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
    },
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth 65.x: email is the login, verified before first sign-in.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS_ENABLED = True  # allauth's defaults, but for sign-in:
# Sign-in is limited per account first (5 failures in 5 minutes locks that
# account for the rest of them). Per address only very high: a department or
# a council reaches the portal from a few shared addresses, and behind a
# reverse proxy everyone has the proxy's address unless TRUSTED_PROXY_COUNT
# says how many proxies to look through. allauth's own per-address limits
# (10 failures, 30 sign-ins a minute) would let one person's typos lock out
# their office.
SIGN_IN_LIMIT_PER_ADDRESS = env.int("SIGN_IN_LIMIT_PER_ADDRESS", default=600)
ACCOUNT_RATE_LIMITS = {
    "login": f"{SIGN_IN_LIMIT_PER_ADDRESS}/m/ip",
    "login_failed": f"{SIGN_IN_LIMIT_PER_ADDRESS}/m/ip,5/5m/key",
}
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default=None)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Participation portal] "
EMAIL_SUBJECT_PREFIX = ACCOUNT_EMAIL_SUBJECT_PREFIX  # notifications, admins' mail
# A password reset for an address with no account sends nothing (the page
# answers the same, so it reveals nothing either).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Participation portal"
# Accept the code of the step before or after as well (RFC 6238, 5.2): a code
# typed in the last seconds of its 30 would otherwise fail on a slow network.
MFA_TOTP_TOLERANCE = 1

# django-guardian: no anonymous user row (it would be a fake "person" in every
# list); nothing in the portal grants permissions to anonymous visitors.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = True

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Seconds an SMTP server may take to answer before the send fails and is
# retried (Django's default waits for ever); notifications' SEND_TIMEOUT
# must stay well above it.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Participation portal <noreply@portal.invalid>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
# The portal's words for allauth's pages: sentence case, as GOV.UK writes
# (locale/en_GB/LC_MESSAGES/django.po says why a catalogue, not templates).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# static/build/ is made by `npm run build` (GOV.UK Frontend, system font stack).
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security headers that cost nothing in development either.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "participation.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions end after this much inactivity: participation.middleware
# .SessionActivityMiddleware starts the clock again at most once a minute.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60)
# HTTPS in production: redirect, HSTS, and the proxy's word that it was HTTPS.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz/"]  # load balancers poll over plain HTTP
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
# GOV.UK's advice for service domains: HSTS with subdomains, ready to preload.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

PORTAL_NAME = "Participation portal"
# The community link checker: per request timeout, parallel requests, and the
# time the whole run may take (what is left is checked the next night).
LINK_CHECK_TIMEOUT = env.float("LINK_CHECK_TIMEOUT", default=10.0)
LINK_CHECK_CONCURRENCY = env.int("LINK_CHECK_CONCURRENCY", default=8)
LINK_CHECK_BUDGET = env.float("LINK_CHECK_BUDGET", default=1800.0)
LINK_CHECK_ALLOW_PRIVATE = env.bool("LINK_CHECK_ALLOW_PRIVATE", default=False)
# The communities' feeds (README, "Conversations to join"): fetched through the
# link checker's public-address rule (LINK_CHECK_ALLOW_PRIVATE applies too).
FEED_TIMEOUT = env.float("FEED_TIMEOUT", default=15.0)
FEED_CONCURRENCY = env.int("FEED_CONCURRENCY", default=16)
FEED_BUDGET = env.float("FEED_BUDGET", default=1500.0)
FEED_MAX_BYTES = env.int("FEED_MAX_BYTES", default=5 * 1024 * 1024)
FEED_MAX_ITEMS = env.int("FEED_MAX_ITEMS", default=200)
THREAD_RETENTION_DAYS = env.int("THREAD_RETENTION_DAYS", default=90)
# The newest threads kept in each organisation's list of conversations to join.
CONVERSATIONS_PER_ORGANISATION = env.int("CONVERSATIONS_PER_ORGANISATION", default=1000)
# Practice replies a person's mentor must approve before level 1 and level 2.
PRACTICE_REPLIES_REQUIRED = {
    1: env.int("PRACTICE_REPLIES_FOR_LEVEL_1", default=0),
    2: env.int("PRACTICE_REPLIES_FOR_LEVEL_2", default=0),
}
# The discretion level a mentor must hold: they sign mentees off only up to
# their own level.
MENTOR_MIN_LEVEL = env.int("MENTOR_MIN_LEVEL", default=2)
# Days a person has to acknowledge the principles: from a material change, or
# from the day they joined.
ACKNOWLEDGEMENT_DAYS = env.int("ACKNOWLEDGEMENT_DAYS", default=14)
# Where people reach the portal: links in emails are built from it.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
FEEDBACK_EMAIL = env("FEEDBACK_EMAIL", default="portal-feedback@portal.invalid")
# bench/run.py only (README, Benchmarks): installs the bench app, for its
# generate_bench_data command, and serves /bench/floor, the throughput floor,
# from the bench URLconf (the portal's plus the floor). Production never sets it.
BENCHMARK_FLOOR = env.bool("BENCHMARK_FLOOR", default=False)
if BENCHMARK_FLOOR:
    INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
    ROOT_URLCONF = "bench.urls"

REQUEST_ID_HEADER = "X-Request-ID"
# One JSON object a line (LOG_FORMAT=text for people reading a terminal).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "participation.request_id.RequestIdFilter"},
        "once_a_minute": {"()": "participation.request_id.OnceAMinuteFilter"},
    },
    "formatters": {
        "json": {"()": "participation.request_id.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env("LOG_FORMAT", default="text" if DEBUG else "json"),
        }
    },
    "loggers": {
        # A cache outage would log every request; one line a minute says it.
        "portal.cache": {"filters": ["once_a_minute"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
# Celery workers keep the portal's log format instead of their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
