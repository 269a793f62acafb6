"""Configuration: environment overrides, production requirements, development secret."""
import pytest

from lms.config import ConfigError, load_config


def test_environment_overrides_use_the_lms_prefix_and_database_url(tmp_path):
    settings = load_config(str(tmp_path), environ={"LMS_LOGIN_FREE_FAILURES": "5", "LMS_MAIL_USE_TLS": "true",
                                                   "DATABASE_URL": "postgres://u@h/db"})
    assert settings["LOGIN_FREE_FAILURES"] == 5 and settings["MAIL_USE_TLS"] is True
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    with pytest.raises(ConfigError, match="LMS_SECRET_KEY"):
        load_config(str(tmp_path), environ={"LMS_ENV": "production", "DATABASE_URL": "postgresql://x/y"})


def test_production_turns_on_secure_cookies(tmp_path):
    settings = load_config(str(tmp_path), environ={"LMS_ENV": "production", "LMS_SECRET_KEY": "k" * 40,
                                                   "DATABASE_URL": "postgresql://x/y"})
    assert settings["SESSION_COOKIE_SECURE"] and settings["REMEMBER_COOKIE_SECURE"]


def test_development_generates_one_secret_key_and_keeps_it_private(tmp_path):
    first = load_config(str(tmp_path), environ={})["SECRET_KEY"]
    assert load_config(str(tmp_path), environ={})["SECRET_KEY"] == first and len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_a_malformed_override_names_the_variable(tmp_path):
    with pytest.raises(ConfigError, match="LMS_MAIL_USE_TLS"):
        load_config(str(tmp_path), environ={"LMS_MAIL_USE_TLS": "perhaps"})
