"""Roster import speed: a 5,000-row CSV (officer–clinician–CPS teams in one cohort) read, previewed and imported
through the services on a fresh SQLite database, invitations queued to the default SQLite task queue.
Prints import_5000_s (read + preview plan + confirm: re-plan and apply) and import_5000_peak_mb (how much the
process's peak resident memory grew during the import).
Usage: python bench/centers_import.py [--rows 5000]; bench/centers.py calls run_import_bench()."""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DISCIPLINES = ("officer", "clinician", "cps_worker")


def roster_bytes(rows: int) -> bytes:
    """A roster of `rows` people in teams of three, as Excel would save it (BOM, CRLF)."""
    lines = ["email,full_name,discipline,agency,badge_number,license_type,license_number,license_state,"
             "cohort,team,role"]
    for i in range(rows):
        discipline = DISCIPLINES[i % 3]
        lines.append(",".join([
            f"person{i:05d}@example.org", f"Person Number {i:05d}", discipline,
            ("Metro Police", "County Clinic", "Youth and Family Services")[i % 3],
            f"B{i:05d}" if discipline == "officer" else "", "LCSW" if discipline == "clinician" else "",
            f"C{i:06d}" if discipline == "clinician" else "", "NC" if discipline == "clinician" else "",
            "Bench cohort", f"Team {i // 3:04d}" if i // 3 < rows // 3 else "", "learner"]))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 1e6


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # kilobytes on Linux


def run_import_bench(rows: int = 5000) -> dict[str, float]:
    """Import `rows` people once; print and return import_<rows>_s and import_<rows>_peak_mb."""
    from lms import create_app
    from lms.auth.models import User
    from lms.centers.cohort_models import Cohort
    from lms.centers.roster import apply_roster, count_members, plan_roster
    from lms.centers.roster_file import read_roster
    from lms.centers.service import create_center
    from lms.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="lms-import-bench-"))
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'lms.sqlite3'}",
                      "QUEUE_URL": f"sqlite:///{folder / 'queue.sqlite3'}", "BASE_URL": "http://lms.bench",
                      "MAIL_OUTBOX_DIR": str(folder / "outbox")})
    data = roster_bytes(rows)
    with app.app_context(), app.test_request_context():
        db.create_all()
        center = create_center(name="Bench Center", region="")
        db.session.add(Cohort(center_id=center.id, name="Bench cohort"))
        actor = User(email="admin@example.org", full_name="Bench Admin", password_hash="x", discipline="other",
                     is_site_admin=True)
        db.session.add(actor)
        db.session.commit()
        rss_before = _rss_mb()
        started = time.perf_counter()
        roster = read_roster(data, max_bytes=len(data) + 1)
        plan = plan_roster(center, roster, actor=actor)
        assert not plan.problems, plan.problems[:5]
        apply_roster(center, roster, actor=actor, digest=plan.digest, filename="bench.csv")
        seconds = time.perf_counter() - started
        peak = _peak_rss_mb() - rss_before
        assert count_members(center.id) == rows
        db.session.remove()
        db.engine.dispose()
    figures = {f"import_{rows}_s": round(seconds, 2), f"import_{rows}_peak_mb": round(peak, 1)}
    for name, value in figures.items():
        print(f"{name}: {value}")
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    run_import_bench(parser.parse_args().rows)
