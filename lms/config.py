"""One Config class; every setting can be overridden from the environment (LMS_ prefix, plus DATABASE_URL)."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


class ConfigError(RuntimeError):
    """The configuration cannot start the application (e.g. production without a secret key)."""


class Config:
    """Defaults for development; production sets LMS_ENV=production and the values below."""

    ENV = "development"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None       # default: sqlite:///<instance>/lms.sqlite3
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    CURRICULUM_DIR: str | None = None                 # default: <project>/curriculum
    QUIZZES_DIR: str | None = None                    # default: <project>/quizzes
    SITE_NAME = "CD-CP Cross-Training"
    BASE_URL = "http://127.0.0.1:5000"                # used in emails and certificate links

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
    MAIL_USE_TLS = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER = "CD-CP Cross-Training <no-reply@localhost>"
    MAIL_OUTBOX_DIR: str | None = None
    PASSWORD_RESET_MAX_AGE = 3600

    # Sign-in protection (checklist 11)
    LOGIN_MAX_FAILURES = 10
    LOGIN_LOCK_MINUTES = 15
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = True
    RATELIMIT_LOGIN = "30 per minute"
    TRUST_PROXY_HEADERS = 0                           # number of proxies in front (X-Forwarded-For)

    # Task queue: sqlite:///path (default instance/queue.sqlite3), redis://..., or immediate (tests)
    QUEUE_URL = ""
    # Certificates: where center private keys live (outside the database); verification rate limit
    KEYS_DIR: str | None = None                       # default: <instance>/keys
    RATELIMIT_VERIFY = "30 per minute"
    PROGRAMS_DIR: str | None = None                   # default: <project>/programs

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
    _fill_defaults(settings, Path(instance_path))
    return settings


def _fill_defaults(settings: dict, instance: Path) -> None:
    """Derived defaults: database file, content folders, outbox, secret key, production cookie flags."""
    project = Path(__file__).resolve().parent.parent
    production = settings["ENV"] == "production"
    if production:
        if not settings.get("SECRET_KEY"):
            raise ConfigError("LMS_SECRET_KEY must be set in production (a long random string)")
        if not settings.get("SQLALCHEMY_DATABASE_URI"):
            raise ConfigError("DATABASE_URL must be set in production")
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
    settings["CURRICULUM_DIR"] = settings.get("CURRICULUM_DIR") or str(project / "curriculum")
    settings["QUIZZES_DIR"] = settings.get("QUIZZES_DIR") or str(project / "quizzes")
    settings["MAIL_OUTBOX_DIR"] = settings.get("MAIL_OUTBOX_DIR") or str(instance / "outbox")
    settings["KEYS_DIR"] = settings.get("KEYS_DIR") or str(instance / "keys")
    settings["PROGRAMS_DIR"] = settings.get("PROGRAMS_DIR") or str(project / "programs")
    settings["RATELIMIT_STORAGE_URI"] = settings["RATELIMIT_STORAGE_URI"]


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
