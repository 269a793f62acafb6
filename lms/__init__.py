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
    from lms import converters, inputs

    converters.init_app(app)  # before the blueprints add rules that use <id:...>
    inputs.init_app(app)  # refuses control characters (NUL) in every request, once
    _register_blueprints(app)
    from lms import cli, compression, errors, security, static_files, template_urls
    from lms.certificates.issuing import receivers

    compression.init_app(app)  # first registered, so it compresses what the later after-request hooks made
    static_files.init_app(app)
    template_urls.init_app(app)
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
    from lms.authoring import views_modules  # noqa: F401  (more authoring routes on the same blueprint)
    from lms.authoring.image_views import bp as content_images_bp
    from lms.authoring.resource_views import bp as local_resources_bp
    from lms.authoring.shared_reviews import bp as shared_reviews_bp
    from lms.authoring.views import bp as authoring_bp
    from lms.centers import team_views  # noqa: F401  (team routes on the cohorts blueprint)
    from lms.centers.cohort_views import bp as cohorts_bp
    from lms.centers.views_invitations import bp as invitations_bp
    from lms.centers.views_people import bp as center_people_bp
    from lms.centers.views_site import bp as site_admin_bp
    from lms.certificates.web.admin import bp as center_admin_bp
    from lms.certificates.web.affidavit import bp as affidavits_bp
    from lms.certificates.web.center_setup import bp as center_setup_bp
    from lms.certificates.web.learner import bp as certificates_bp
    from lms.certificates.web.verify import bp as verify_bp
    from lms.evaluations.views import bp as evaluations_bp
    from lms.evaluations.views_center import bp as evaluation_results_bp
    from lms.main import bp as main_bp
    from lms.practicum.views_center import bp as practicum_center_bp
    from lms.practicum.views_log import bp as practicum_bp
    from lms.practicum.views_sessions import bp as sessions_bp
    from lms.practicum.views_signoff import bp as signoff_bp
    from lms.practicum.views_trainer import bp as session_admin_bp
    from lms.programs.views import bp as center_programs_bp
    from lms.progress.quiz_views import bp as quiz_bp
    from lms.progress.views import bp as progress_bp
    from lms.reminders import tasks  # noqa: F401  (the periodic reminder task the worker runs)
    from lms.reminders.views import bp as reminders_bp
    from lms.reports.views import bp as reports_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(progress_bp)
    app.register_blueprint(quiz_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(verify_bp)
    app.register_blueprint(center_admin_bp)
    app.register_blueprint(affidavits_bp)
    app.register_blueprint(center_setup_bp)
    app.register_blueprint(reminders_bp)
    app.register_blueprint(site_admin_bp)
    app.register_blueprint(center_people_bp)
    app.register_blueprint(invitations_bp)
    app.register_blueprint(cohorts_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(authoring_bp)
    app.register_blueprint(local_resources_bp)
    app.register_blueprint(shared_reviews_bp)
    app.register_blueprint(evaluations_bp)
    app.register_blueprint(evaluation_results_bp)
    app.register_blueprint(content_images_bp)
    app.register_blueprint(center_programs_bp)
    for practicum_blueprint in (practicum_bp, signoff_bp, practicum_center_bp, sessions_bp, session_admin_bp):
        app.register_blueprint(practicum_blueprint)

    @app.context_processor
    def _admin_menu():
        from flask import has_request_context, session

        if not has_request_context():  # mail rendered by a CLI command or the task worker
            return {"admin_center_slug": "", "staff_center_slug": "", "author_center_slug": ""}
        return {"admin_center_slug": session.get("admin_center", ""),
                "staff_center_slug": session.get("staff_center", ""),
                "author_center_slug": session.get("author_center", "")}
