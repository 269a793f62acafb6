"""The CD-CP cross-training LMS: create_app() wires configuration, extensions, blueprints and CLI."""
from __future__ import annotations

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from lms.config import load_config
from lms.extensions import csrf, db, limiter, login_manager, migrate


def create_app(config: dict | None = None) -> Flask:
    """Build the application; `config` overrides settings (tests use it)."""
    app = Flask(__name__, instance_path=os.environ.get("LMS_INSTANCE_PATH") or None,
                instance_relative_config=True)
    app.config.update(load_config(app.instance_path, config))
    from lms.logs import configure_logging

    configure_logging(app)
    if app.config["TRUST_PROXY_HEADERS"]:
        hops = int(app.config["TRUST_PROXY_HEADERS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    _init_extensions(app)
    _register_blueprints(app)
    from lms import cli, errors, security
    from lms.certificates.issuing import receivers
    from lms.queue import configure_queue

    configure_queue(app)  # also logs a line per task
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    receivers.init_app(app)  # certificates are requested when a program is completed
    return app


def _init_extensions(app: Flask) -> None:
    from lms import models  # noqa: F401  (every model registered before migrations look)
    from lms.database import configure_engine_events
    from lms.resources import shipped_path

    db.init_app(app)
    migrate.init_app(app, db, directory=str(shipped_path("migrations")))
    login_manager.init_app(app)
    login_manager.login_view = "auth.signin"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        configure_engine_events(db.engine)


def _register_blueprints(app: Flask) -> None:
    from lms.auth.views import bp as auth_bp
    from lms.certificates.web.admin import bp as center_admin_bp
    from lms.certificates.web.learner import bp as certificates_bp
    from lms.certificates.web.center_setup import bp as center_setup_bp
    from lms.certificates.web.verify import bp as verify_bp
    from lms.main import bp as main_bp
    from lms.practicum.views_center import bp as practicum_center_bp
    from lms.practicum.views_log import bp as practicum_bp
    from lms.practicum.views_sessions import bp as sessions_bp
    from lms.practicum.views_signoff import bp as signoff_bp
    from lms.practicum.views_trainer import bp as session_admin_bp
    from lms.progress.quiz_views import bp as quiz_bp
    from lms.progress.views import bp as progress_bp
    from lms.reminders import tasks  # noqa: F401  (the periodic reminder task the worker runs)
    from lms.reminders.views import bp as reminders_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(progress_bp)
    app.register_blueprint(quiz_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(verify_bp)
    app.register_blueprint(center_admin_bp)
    app.register_blueprint(center_setup_bp)
    app.register_blueprint(reminders_bp)
    for practicum_blueprint in (practicum_bp, signoff_bp, practicum_center_bp, sessions_bp, session_admin_bp):
        app.register_blueprint(practicum_blueprint)

    @app.context_processor
    def _admin_menu():
        from flask import has_request_context, session

        # Mail templates render in the task worker too, where there is no request (and no session).
        return {"admin_center_slug": session.get("admin_center", "") if has_request_context() else ""}
