"""Every table comes from a migration: upgrade, downgrade to base, upgrade again; models match migrations."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from lms.extensions import db
from tests.conftest import _schema_ready, make_app

pytestmark = pytest.mark.pg


@pytest.fixture
def empty_app(tmp_path, db_backend, request):
    url = request.getfixturevalue("postgres_url") if db_backend == "postgresql" else None
    application = make_app(tmp_path, url)
    with application.app_context():
        if db_backend == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        yield application
        db.session.remove()
        if db_backend == "postgresql":  # leave an empty schema; the next test recreates its tables
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            _schema_ready.discard("postgresql")
        db.engine.dispose()


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_and_upgrade_again(empty_app):
    upgrade()
    assert _tables() == set(db.metadata.tables)
    downgrade(revision="base")
    assert _tables() == set()
    upgrade()
    assert _tables() == set(db.metadata.tables)


def test_autogenerate_finds_no_difference_between_models_and_migrations(empty_app):
    upgrade()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
