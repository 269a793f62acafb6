"""No cliff as content grows: the dashboard and quiz pages run the same number of SQL statements at 300 and 1,000
published modules, with the content cache warm, cold, or too small to hold everything."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import insert, select, update

from lms.curriculum.cache import cache
from lms.curriculum.models import Lesson, Module, ModuleVersion
from lms.extensions import db as _db
from tests.support.statements import statements_during

pytestmark = pytest.mark.pg


@pytest.fixture
def restore_cache_budget():
    budget = cache().budget_bytes
    yield cache()
    cache().resize(budget)


def add_modules(db, total: int) -> None:
    """Publish modules (rows inserted directly, two lessons each) until `total` are published."""
    have = db.session.scalar(select(_db.func.count()).select_from(Module))
    new = range(have, total)
    db.session.execute(insert(Module), [{"slug": f"scale-{n}", "position": 100 + n} for n in new])
    ids = dict(db.session.execute(select(Module.slug, Module.id).where(Module.slug.like("scale-%"))).all())
    db.session.execute(insert(ModuleVersion), [
        {"module_id": ids[f"scale-{n}"], "number": 1, "title": f"Scale module {n}", "summary": "Summary.",
         "audiences": ["officer"], "estimated_minutes": 20, "ce_hours": 0.5, "completion_rule": "lessons",
         "objectives": ["Know the thing."], "sources": [], "overview_html": f"<p>Overview {n}</p>",
         "content_hash": hashlib.sha256(f"scale-{n}".encode()).hexdigest()} for n in new])
    versions = dict(db.session.execute(select(ModuleVersion.module_id, ModuleVersion.id)
                                       .where(ModuleVersion.module_id.in_(ids.values()))).all())
    db.session.execute(insert(Lesson), [
        {"version_id": versions[ids[f"scale-{n}"]], "slug": f"lesson-{p}", "position": p, "title": f"Lesson {p}",
         "minutes": 10, "word_count": 500, "html": f"<p>Lesson {p} of module {n}</p>" * 50, "toc_html": ""}
        for n in new for p in (1, 2)])
    for module_id, version_id in versions.items():
        db.session.execute(update(Module).where(Module.id == module_id).values(current_version_id=version_id))
    db.session.commit()


def count(db, fn) -> int:
    """How many SQL statements `fn()` (a request) runs."""
    response, seen = statements_during(db, fn)
    assert response.status_code == 200
    return len(seen)


@pytest.mark.parametrize("modules", [300, 1000])
def test_the_dashboard_runs_three_statements_warm_and_four_cold_at_any_number_of_modules(
        client, signed_in_learner, db, modules, restore_cache_budget):
    add_modules(db, modules)
    cold = count(db, lambda: client.get("/dashboard"))  # loads every version it lacks at once
    warm = count(db, lambda: client.get("/dashboard"))
    page = client.get("/dashboard").get_data(as_text=True)
    assert (cold, warm) == (8, 7)  # the signed-in user, the modules with versions, lessons done (+ content)
    assert page.count('href="/modules/scale-') >= modules - 2 and f"Scale module {modules - 1}" in page


def test_a_cache_too_small_for_the_content_costs_one_statement_not_one_per_module(
        client, signed_in_learner, db, restore_cache_budget, caplog):
    add_modules(db, 300)
    restore_cache_budget.resize(200_000)  # holds a few dozen of the 300 versions
    counts = [count(db, lambda: client.get("/dashboard")) for _ in range(3)]
    assert counts == [8, 8, 8]
    assert restore_cache_budget.evictions > 0 and restore_cache_budget.size_bytes <= 200_000
    assert sum("over its budget" in r.message for r in caplog.records) == 1  # said once, not per eviction


def test_the_module_page_of_the_thousandth_module_reads_only_its_own_content(client, signed_in_learner, db,
                                                                               restore_cache_budget):
    add_modules(db, 1000)
    restore_cache_budget.resize(restore_cache_budget.budget_bytes)  # empty
    # the user, the module with its version, lessons done, its content, its quiz (it has none), the learner's
    # recorded time on it
    assert count(db, lambda: client.get("/modules/scale-999")) == 6
    assert len(restore_cache_budget) == 1
