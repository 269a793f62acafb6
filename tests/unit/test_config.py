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


PRODUCTION = {"LMS_ENV": "production", "LMS_SECRET_KEY": "k" * 40, "DATABASE_URL": "postgresql://x/y",
              "LMS_BASE_URL": "https://training.southeast-center.org"}


def test_production_turns_on_secure_cookies(tmp_path):
    settings = load_config(str(tmp_path), environ=PRODUCTION)
    assert settings["SESSION_COOKIE_SECURE"] and settings["REMEMBER_COOKIE_SECURE"]


def test_production_refuses_a_short_secret_key_and_says_what_to_set(tmp_path):
    with pytest.raises(ConfigError, match=r"LMS_SECRET_KEY is 1 bytes; production needs at least 32.*token_urlsafe"):
        load_config(str(tmp_path), environ=dict(PRODUCTION, LMS_SECRET_KEY="k"))


@pytest.mark.parametrize("base_url", [None, "http://127.0.0.1:5000", "http://training.southeast-center.org",
                                      "https://localhost", "https://127.0.0.1:8443", "https://[::1]/",
                                      "https://training.example.org", "https://0.0.0.0"])
def test_production_refuses_a_base_url_that_is_not_public_https(tmp_path, base_url):
    environ = dict(PRODUCTION)
    if base_url is None:
        del environ["LMS_BASE_URL"]
    else:
        environ["LMS_BASE_URL"] = base_url
    with pytest.raises(ConfigError, match=r"LMS_BASE_URL .*set it to the site's public https address"):
        load_config(str(tmp_path), environ=environ)


def test_development_base_url_follows_the_development_server_host_and_port(tmp_path):
    assert load_config(str(tmp_path), environ={})["BASE_URL"] == "http://127.0.0.1:5000"
    settings = load_config(str(tmp_path), environ={"FLASK_RUN_HOST": "0.0.0.0", "FLASK_RUN_PORT": "5050"})
    assert settings["BASE_URL"] == "http://127.0.0.1:5050"
    explicit = load_config(str(tmp_path), environ={"FLASK_RUN_PORT": "5050", "LMS_BASE_URL": "http://lab.local:8/"})
    assert explicit["BASE_URL"] == "http://lab.local:8"


def test_development_generates_one_secret_key_and_keeps_it_private(tmp_path):
    first = load_config(str(tmp_path), environ={})["SECRET_KEY"]
    assert load_config(str(tmp_path), environ={})["SECRET_KEY"] == first and len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_a_malformed_override_names_the_variable(tmp_path):
    with pytest.raises(ConfigError, match="LMS_MAIL_USE_TLS"):
        load_config(str(tmp_path), environ={"LMS_MAIL_USE_TLS": "perhaps"})


def test_pooled_connections_are_tested_before_use_on_postgresql_only(tmp_path):
    server = load_config(str(tmp_path), environ={"DATABASE_URL": "postgresql://u@h/db"})
    sqlite = load_config(str(tmp_path), environ={})
    chosen = load_config(str(tmp_path), {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "pool_size": 3}},
                         environ={})
    assert server["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
    assert sqlite["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is False  # a file handle cannot drop while idle
    assert chosen["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True, "pool_size": 3}  # explicit settings win
