"""One Config class; every setting can be overridden from the environment (LMS_ prefix, plus DATABASE_URL)."""
from __future__ import annotations

import ipaddress
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from lms.resources import shipped_path


class ConfigError(RuntimeError):
    """The configuration cannot start the application (e.g. production without a secret key)."""


class Config:
    """Defaults for development; production sets LMS_ENV=production and the values below."""

    ENV = "development"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None       # default: sqlite:///<instance>/lms.sqlite3
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}             # default: pool_pre_ping on a server database (not SQLite)
    CURRICULUM_DIR: str | None = None                 # default: <project>/curriculum
    QUIZZES_DIR: str | None = None                    # default: <project>/quizzes
    SITE_NAME = "CD-CP Cross-Training"
    BASE_URL = ""                                     # used in emails and certificate links; development
                                                      # default: http://FLASK_RUN_HOST:FLASK_RUN_PORT (127.0.0.1:5000)

    # Sessions and cookies (checklist 5, 6)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_REFRESH_EACH_REQUEST = False              # cookie sent only when the session changes; 12 h from sign-in
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False                     # True in production
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False                    # True in production
    WTF_CSRF_TIME_LIMIT = int(timedelta(hours=12).total_seconds())  # matches the session, so long quizzes work
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    # Mail: SMTP when MAIL_SERVER is set, else written to <instance>/outbox/
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS, certificate verified
    MAIL_USE_SSL = False  # implicit TLS (port 465 implies it)
    MAIL_CA_FILE: str | None = None  # extra trust anchors for a private mail server
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER = "CD-CP Cross-Training <no-reply@localhost>"
    MAIL_OUTBOX_DIR: str | None = None
    PASSWORD_RESET_MAX_AGE = 3600
    INVITATION_MAX_AGE_DAYS = 14                      # an invitation link works once, within this many days
    ROSTER_MAX_BYTES = 1024 * 1024                    # CSV roster uploads (about 8,000 rows)

    # Sign-in protection (checklist 11)
    # Failed sign-ins slow down the next attempt (no lock-out): per email and client address after
    # LOGIN_FREE_FAILURES, per email from addresses it never signed in from after LOGIN_ACCOUNT_FREE_FAILURES;
    # the wait starts at LOGIN_DELAY_SECONDS and doubles up to the caps. Counted within LOGIN_FAILURE_WINDOW.
    LOGIN_FREE_FAILURES = 5
    LOGIN_ACCOUNT_FREE_FAILURES = 20
    LOGIN_DELAY_SECONDS = 1
    LOGIN_MAX_DELAY = 900
    LOGIN_ACCOUNT_MAX_DELAY = 60
    LOGIN_FAILURE_WINDOW = 3600
    SIGNUP_CONFIRM_MAX_AGE = 24 * 3600
    # Rate limits: memory:// is per process (4 gunicorn workers = 4x the limit); use redis:// with several
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True       # Redis down: limits per process (logged), pages still work
    RATELIMIT_ENABLED = True
    RATELIMIT_LOGIN = "30 per minute"                 # per client address and email typed
    RATELIMIT_LOGIN_ADDRESS = "300 per minute"        # per client address (a training room shares one)
    RATELIMIT_RESET = "5 per hour"                    # forgot-password, per client address and email
    RATELIMIT_RESET_ADDRESS = "60 per hour"
    TRUST_PROXY_HEADERS = 0                           # number of proxies in front (X-Forwarded-For)

    # Task queue: sqlite:///path (default instance/queue.sqlite3), redis://..., or immediate (tests)
    QUEUE_URL = ""
    # Certificates: where center private keys live (outside the database); verification rate limit
    KEYS_DIR: str | None = None                       # default: <instance>/keys
    RATELIMIT_VERIFY = "30 per minute"
    PROGRAMS_DIR: str | None = None                   # default: <project>/programs
    ISSUE_LEASE_SECONDS = 40                          # a worker renews its claim; unrenewed claims are retried
    CERTIFICATE_PROCESSES = 0                         # bulk issue renders and signs in N processes; 0: one per CPU,
                                                      # 1: in the issuing process (documents/pool.py)

    # Logging: one line per request and per task; json (production default) or keyvalue (development default)
    LOG_FORMAT = ""
    LOG_LEVEL = "INFO"

    TESTING = False


_BOOL = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def _coerce(current, raw: str):
    """Turn an environment string into the type of the default it overrides."""
    if isinstance(current, bool):
        if raw.lower() not in _BOOL:
            raise ConfigError(f"expected true/false, got {raw!r}")
        return _BOOL[raw.lower()]
    if isinstance(current, int):
        return int(raw)
    if isinstance(current, timedelta):
        return timedelta(seconds=int(raw))
    return raw


def load_config(instance_path: str, overrides: dict | None = None, environ=os.environ) -> dict:
    """Defaults, then LMS_* and DATABASE_URL from the environment, then explicit overrides (tests)."""
    settings = {k: getattr(Config, k) for k in dir(Config) if k.isupper()}
    for key in list(settings):
        raw = environ.get(f"LMS_{key}")
        if raw is not None:
            try:
                settings[key] = _coerce(settings[key], raw)
            except (ValueError, ConfigError) as exc:
                raise ConfigError(f"LMS_{key}: {exc}") from None
    if environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = environ["DATABASE_URL"]
    settings.update(overrides or {})
    _fill_defaults(settings, Path(instance_path), environ)
    return settings


def _fill_defaults(settings: dict, instance: Path, environ=os.environ) -> None:
    """Derived defaults: database file, content folders, outbox, secret key, production cookie flags."""
    production = settings["ENV"] == "production"
    if production:
        _check_production(settings)
        settings["SESSION_COOKIE_SECURE"] = True
        settings["REMEMBER_COOKIE_SECURE"] = True
    instance.mkdir(parents=True, exist_ok=True)
    if not settings.get("SECRET_KEY"):
        settings["SECRET_KEY"] = _development_secret(instance)
    uri = settings.get("SQLALCHEMY_DATABASE_URI") or f"sqlite:///{instance / 'lms.sqlite3'}"
    if uri.startswith("postgres://"):
        uri = "postgresql://" + uri[len("postgres://"):]
    if uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri[len("postgresql://"):]
    settings["SQLALCHEMY_DATABASE_URI"] = uri
    # A pooled connection to a server can die while idle (restart, failover): test it when taken from the pool.
    # A SQLite connection is a file handle that cannot drop, so the test (a SELECT 1 per request) buys nothing.
    settings["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": not uri.startswith("sqlite"),
                                             **(settings.get("SQLALCHEMY_ENGINE_OPTIONS") or {})}
    settings["BASE_URL"] = (settings.get("BASE_URL") or _development_base_url(environ)).rstrip("/")
    settings["CURRICULUM_DIR"] = settings.get("CURRICULUM_DIR") or str(shipped_path("curriculum"))
    settings["QUIZZES_DIR"] = settings.get("QUIZZES_DIR") or str(shipped_path("quizzes"))
    settings["MAIL_OUTBOX_DIR"] = settings.get("MAIL_OUTBOX_DIR") or str(instance / "outbox")
    settings["KEYS_DIR"] = settings.get("KEYS_DIR") or str(instance / "keys")
    settings["PROGRAMS_DIR"] = settings.get("PROGRAMS_DIR") or str(shipped_path("programs"))
    settings["RATELIMIT_STORAGE_URI"] = settings["RATELIMIT_STORAGE_URI"]


MIN_SECRET_BYTES = 32
_DEFAULT_HOSTS = {"localhost", "example.org", "example.com", "training.example.org", "lms.test"}


def _check_production(settings: dict) -> None:
    """Refuse settings that are unsafe in production, saying what to set instead."""
    secret = settings.get("SECRET_KEY") or ""
    if not secret:
        raise ConfigError("LMS_SECRET_KEY must be set in production (a long random string)")
    if len(secret.encode()) < MIN_SECRET_BYTES:
        raise ConfigError(f"LMS_SECRET_KEY is {len(secret.encode())} bytes; production needs at least "
                          f"{MIN_SECRET_BYTES}: set it to the output of "
                          "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'")
    if not settings.get("SQLALCHEMY_DATABASE_URI"):
        raise ConfigError("DATABASE_URL must be set in production")
    problem = base_url_problem(settings.get("BASE_URL") or "")
    if problem:
        raise ConfigError(f"LMS_BASE_URL {problem}; set it to the site's public https address, e.g. "
                          "LMS_BASE_URL=https://training.your-center.org (it is printed in signed certificates "
                          "and cannot be changed later)")


def base_url_problem(url: str) -> str | None:
    """Why `url` cannot be a production base URL (None when it can)."""
    if not url:
        return "is not set"
    parts = urlsplit(url)
    if parts.scheme != "https":
        return f"is {url!r}, which is not https"
    host = (parts.hostname or "").lower()
    if not host:
        return f"is {url!r}, which names no host"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if (address is not None and (address.is_loopback or address.is_unspecified or address.is_link_local)) \
            or host in _DEFAULT_HOSTS or host.endswith((".localhost", ".test", ".example", ".invalid")):
        return f"is {url!r}, a loopback, example or default host"
    return None


def _development_base_url(environ) -> str:
    """http://HOST:PORT of the development server (`make run HOST=... PORT=...` sets FLASK_RUN_HOST/PORT)."""
    host = environ.get("FLASK_RUN_HOST") or "127.0.0.1"
    port = environ.get("FLASK_RUN_PORT") or "5000"
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://{host}:{port}"


def _development_secret(instance: Path) -> str:
    """A random key kept in instance/secret_key so development sessions survive restarts."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
