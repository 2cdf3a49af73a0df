"""Settings shared by every environment; each value that varies comes from the environment."""

import datetime
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is optional; the real environment always wins.
env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core ---------------------------------------------------------------------
SECRET_KEY = env("SECRET_KEY", default="insecure-local-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Applications -----------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "simple_history",
    "django_filters",
    "axes",
    "accounts",
    "belts",
    "sites",
    "inspections",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageMiddleware",
    "config.middleware.RefuseNulCharactersMiddleware",
    "config.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: answers a locked-out sign-in with accounts.lockout.locked_out.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.addresses.canonical",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# PostgreSQL in CI and production (DATABASE_URL=postgres://...); an SQLite file
# next to manage.py is the embedded default.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True

# --- Cache --------------------------------------------------------------------
# Redis is the shared cache when REDIS_URL is set (several app servers);
# local memory otherwise.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Authentication -------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # At least 10 characters, not like the user's name, not a common or all-digit password.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# A signed-in session lasts a working day, then the staff member signs in again.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: forms and the API docs carry the token in the page.
CSRF_COOKIE_HTTPONLY = True

# Sign-in lockout (django-axes): after LOGIN_FAILURE_LIMIT failed sign-ins of one user name from one
# address, that pair is refused for LOGIN_COOLOFF_MINUTES, counted from the last failure before the
# lockout. The same user from another address, and other users from the same address, are unaffected;
# a successful sign-in clears the count; a superuser lifts a lockout at once under "Failed sign-ins".
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
AXES_ENABLE_ADMIN = False  # shown under the portal's own names by accounts.admin
AXES_VERBOSE = False  # no banner at every start; failures and lockouts are still logged
# Reverse proxies in front of the portal that append the client's address to X-Forwarded-For
# (1 behind nginx); 0 ignores the header, which a client could otherwise forge (config.client_ip).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Where the admin is served: a path of one's own keeps it out of the way of scripts that probe /admin/.
ADMIN_URL = env("ADMIN_URL", default="admin/").strip("/") + "/"

# --- Internationalisation -----------------------------------------------------
# Simplified Chinese is the default everywhere; English is chosen explicitly.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ---------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# The whole request, files included (config.middleware.RequestSizeLimitMiddleware; the web server in
# front should refuse the same): room for a follow-up answer's nine phone photos of a few MB each.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_MB", default=50) * 1024 * 1024

# --- REST API -------------------------------------------------------------------
# Sessions for the browser, tokens (made by a superuser in the admin) for systems.
# Throttles count in the default cache, shared by all app servers when REDIS_URL is set.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_FILTER_BACKENDS": ["belts.api.listing.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "belts.api.listing.Pagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "config.api_schema.PortalAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "belts.api.throttling.AnonRateThrottle",
        "belts.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="120/minute"),
        "user": env("API_THROTTLE_USER", default="600/minute"),
    },
    "EXCEPTION_HANDLER": "config.api_errors.exception_handler",
    "UNICODE_JSON": True,
    "COERCE_DECIMAL_TO_STRING": False,
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "党建示范带管理平台 API · Demonstration belt portal API",
    "DESCRIPTION": (
        "Belts, bead sites, projects and inspections of the party-building demonstration belts.\n\n"
        "Reading: anyone reads the published records; staff, signed in with a session or a token "
        "(`Authorization: Token <key>`, made by a superuser in the admin), also read their districts' drafts, "
        "inspections and follow-up tasks. Writing: staff add and change their districts' records under the "
        "admin's rules; an update sends the `version` it read and is refused with 409 if someone saved since.\n\n"
        "Errors: every refusal is JSON `{status, code, message, errors}`, with `errors` naming each field at "
        "fault, in the language of `Accept-Language` (zh-hans by default, en)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    # No badge from validator.swagger.io: the docs page makes no request outside the portal.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "BeltStatusEnum": "belts.choices.BeltStatus",
        "SiteStatusEnum": "sites.choices.SiteStatus",
        "ProjectStatusEnum": "sites.choices.ProjectStatus",
        "FollowUpStatusEnum": "inspections.choices.FollowUpStatus",
        "OrganizationKindEnum": "sites.choices.OrganizationKind",
        "PartyOrganizationKindEnum": "sites.choices.PartyOrganizationKind",
    },
}

# --- History ----------------------------------------------------------------------
# Reverting from the history page would bypass the version check of no-lost-edits.
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Portal -----------------------------------------------------------------------
PORTAL_NAME = _("Party-building demonstration belts")
# Days before its planned completion that a project lagging behind schedule is "at risk".
AT_RISK_WINDOW_DAYS = 30
# The public address printed on plaques (QR codes) and in sitemaps, e.g.
# https://belts.example.gov.cn; empty: taken from each request.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="").rstrip("/")
# How long a rendered public page is reused; any change to what it shows invalidates it sooner.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=600)
# Each app process also keeps its most recent cached pages (always of the current version) up to this
# many bytes, sparing a large page's fetch from the shared cache.
RECENT_RESPONSES_BYTES = env.int("RECENT_RESPONSES_BYTES", default=32 * 1024 * 1024)

# --- Maps ---------------------------------------------------------------------------
# Tile layer preset: "tianditu" (needs TIANDITU_KEY; WGS-84), "osm" (WGS-84) or
# "autonavi" (GCJ-02: stored WGS-84 points are shifted to match its streets).
MAP_TILE_PRESET = env("MAP_TILE_PRESET", default="osm")
TIANDITU_KEY = env("TIANDITU_KEY", default="")
# The map review number (审图号) the tile provider publishes, shown with the attribution.
MAP_REVIEW_NUMBER = env("MAP_REVIEW_NUMBER", default="")

# --- Security headers ---------------------------------------------------------------
# Scripts only from the portal itself, never inline; images also from the map's tile servers.
# Styles may be inline: Leaflet and the admin position elements with style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        # …and the configured tile servers, added by config.middleware.SecurityHeadersMiddleware.
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Browser features no page of the portal uses.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Logging ------------------------------------------------------------------------
# One JSON object per line (LOG_FORMAT=json, the default) for log collectors, or plain text.
LOG_FORMAT = env("LOG_FORMAT", default="json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.log_format.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes says at INFO what it does at every sign-in; its warnings (failures, lockouts) are kept.
    "loggers": {"axes": {"level": "WARNING"}},
}
