"""Cohort grid and center overview speed through the application (Flask test client, so server time only):
cohorts of 100, 1,000 and 5,000 learners × the 7 modules of the core program, with mixed progress inserted in
bulk. Prints, each on its own line: grid_queries_100/1000/5000 (one page of up to 1,000 learners),
grid_ms_1000 and grid_cpu_ms_1000 (medians, all 1,000 learners on one page), grid_page_ms_5000 (the default page of
100 of 5,000), overview_queries_5000, overview_ms_5000, the whole grid of 5,000 as CSV; then import_5000_s and
import_5000_peak_mb from bench/centers_import.py when that file is present.
Usage: python bench/centers.py [--runs 7]"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._serve import ROOT, app_for  # noqa: E402

PASSWORD = "bench passphrase 2026"
SIZES = (100, 1000, 5000)


def _center_with_cohort(size: int, admin_id: int, program_id: int) -> tuple[str, int]:
    """A center with a cohort of `size` learners in teams of three, the program due, and mixed progress."""
    from sqlalchemy import insert, select

    from lms.auth.models import User
    from lms.centers.cohort_models import Assignment, Cohort, CohortMember, Team, TeamMember
    from lms.centers.models import Center, Membership
    from lms.curriculum.models import Lesson, Module
    from lms.extensions import db
    from lms.progress.models import Enrollment, LessonProgress, ModuleCompletion
    from lms.quizzes.models import QuizAttempt, QuizVersion

    center = Center(slug=f"bench-{size}", name=f"Bench center {size}", region="Bench")
    db.session.add(center)
    db.session.flush()
    db.session.add(Membership(user_id=admin_id, center_id=center.id, role="center_admin"))
    cohort = Cohort(center_id=center.id, name=f"Cohort of {size}")
    db.session.add(cohort)
    db.session.flush()
    db.session.add(Assignment(cohort_id=cohort.id, program_id=program_id, due_on=date.today() + timedelta(days=30)))
    disciplines = ("officer", "clinician", "cps_worker")
    db.session.execute(insert(User), [{"email": f"l{size}-{n}@bench.test", "full_name": f"Learner {n:05d}",
                                       "password_hash": "x", "discipline": disciplines[n % 3],
                                       "agency": f"Agency {n % 7}", "is_site_admin": False,
                                       "session_token": f"b{size}-{n}", "failed_logins": 0} for n in range(size)])
    ids = list(db.session.scalars(select(User.id).where(User.email.like(f"l{size}-%@bench.test")).order_by(User.id)))
    db.session.execute(insert(Membership), [{"user_id": i, "center_id": center.id, "role": "learner"} for i in ids])
    db.session.execute(insert(CohortMember), [{"user_id": i, "cohort_id": cohort.id} for i in ids])
    db.session.execute(insert(Team), [{"cohort_id": cohort.id, "name": f"Team {t:04d}"} for t in range(size // 3)])
    teams = list(db.session.scalars(select(Team.id).where(Team.cohort_id == cohort.id).order_by(Team.id)))
    db.session.execute(insert(TeamMember), [{"team_id": teams[n // 3], "cohort_id": cohort.id, "user_id": uid}
                                            for n, uid in enumerate(ids) if n // 3 < len(teams)])
    modules = db.session.scalars(select(Module).order_by(Module.position)).all()
    completions, enrollments, lessons_done, attempts = [], [], [], []
    first_lessons = dict(db.session.execute(select(Lesson.version_id, Lesson.id).where(Lesson.position == 1)).all())
    quizzes = dict(db.session.execute(select(QuizVersion.module_version_id, QuizVersion.id)).all())
    for n, uid in enumerate(ids):
        reached = n % (len(modules) + 1)  # 0..7 modules completed, then one in progress
        for index, module in enumerate(modules):
            if index <= reached and index < len(modules):
                enrollments.append({"user_id": uid, "module_id": module.id, "version_id": module.current_version_id})
            if index < reached:
                completions.append({"user_id": uid, "module_id": module.id, "version_id": module.current_version_id})
                if module.current_version_id in quizzes:
                    attempts.append({"user_id": uid, "quiz_version_id": quizzes[module.current_version_id],
                                     "number": 1, "layout": {}, "submitted_at": None, "score": 60.0 + n % 40,
                                     "passed": True})
            elif index == reached and module.current_version_id in first_lessons:
                lessons_done.append({"user_id": uid, "lesson_id": first_lessons[module.current_version_id]})
    for table, rows in ((ModuleCompletion, completions), (Enrollment, enrollments),
                        (LessonProgress, lessons_done), (QuizAttempt, attempts)):
        if rows:
            db.session.execute(insert(table), rows)
    db.session.commit()
    from sqlalchemy import update

    from lms.timeutil import utcnow

    db.session.execute(update(QuizAttempt).values(submitted_at=utcnow()))
    db.session.commit()
    return center.slug, cohort.id


def _measure(client, url: str, runs: int) -> tuple[int, float, float]:
    """(SQL statements of one request, median wall ms, median CPU ms of this process over `runs` requests).
    On a shared machine the CPU figure is the steadier one; SQLite runs in-process, so it includes the queries."""
    from sqlalchemy import event

    from lms.extensions import db

    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    client.get(url)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert response.status_code == 200, (url, response.status_code)
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return len(statements), statistics.median(times), statistics.median(cpu)


def main() -> None:
    """Build the data, run the requests, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="lms-centers-bench-"))
    env = {"LMS_INSTANCE_PATH": str(instance), "LMS_SECRET_KEY": "bench", "LMS_QUEUE_URL": "immediate"}
    figures: dict[str, float] = {}
    with app_for(env, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False) as app:
        from flask_migrate import upgrade
        from sqlalchemy import select

        from lms.auth.service import register_user
        from lms.extensions import db
        from lms.programs.models import Program
        from lms.publishing import import_content

        upgrade(directory=str(ROOT / "migrations"))
        import_content(ROOT / "curriculum", ROOT / "quizzes", ROOT / "programs")
        program = db.session.scalar(select(Program).where(Program.slug == "cdcp-core"))
        admin = register_user(email="admin@bench.test", password=PASSWORD, full_name="Bench Admin",
                              discipline="other", agency="Bench", center_id=None, is_site_admin=False)
        built = {size: _center_with_cohort(size, admin.id, program.id) for size in SIZES}
        client = app.test_client()
        assert client.post("/signin", data={"email": "admin@bench.test", "password": PASSWORD}).status_code == 302
        for size, (slug, cohort_id) in built.items():
            queries, ms, cpu = _measure(client, f"/centers/{slug}/cohorts/{cohort_id}/grid?per_page=1000",
                                        args.runs)
            figures[f"grid_queries_{size}"] = queries
            if size == 1000:
                figures["grid_ms_1000"], figures["grid_cpu_ms_1000"] = ms, cpu
            if size == 5000:
                _, figures["grid_page_ms_5000"], figures["grid_page_cpu_ms_5000"] = _measure(
                    client, f"/centers/{slug}/cohorts/{cohort_id}/grid", args.runs)
                figures["overview_queries_5000"], figures["overview_ms_5000"], figures["overview_cpu_ms_5000"] = \
                    _measure(client, f"/centers/{slug}/overview", args.runs)
                _, figures["grid_csv_ms_5000"], figures["grid_csv_cpu_ms_5000"] = _measure(
                    client, f"/centers/{slug}/cohorts/{cohort_id}/grid.csv", max(1, args.runs // 2))
    for name, value in figures.items():
        print(f"{name}: {value:.0f}" if "queries" in name else f"{name}: {value:.1f}")
    importer = Path(__file__).with_name("centers_import.py")
    if importer.exists():
        spec = importlib.util.spec_from_file_location("bench_centers_import", importer)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.run_import_bench()


if __name__ == "__main__":
    main()
