"""Certificate issuing speed through the application: 100 learners who completed the core program (modules, their
own signed field work on days of their own, seminars, evaluation) get their certificates by one bulk issue (queue
tasks render, sign and store them in batches), against 15 issued the
naive way (one weasyprint.HTML(string=...).write_pdf() per certificate with the same template, then a fresh
pyHanko signature). Also one certificate on demand against the real floor (the learner's name stamped on an
already rendered certificate, signed by the center's prepared signer: bench.cert_core.floor_issue), a stored
certificate's download, and peak memory; a one-line WeasyPrint document is printed as one_line_weasyprint_ms,
a naive baseline. Bulk issue renders and signs in the process pool (CERTIFICATE_PROCESSES, default one per CPU),
started before the clock (pool_start_s, bulk_processes).
Prints bulk_ms_per_cert, naive_ms_per_cert, speedup_vs_naive, bulk_peak_rss_mb, single_download_ms, floor_ms,
single_ratio_to_floor, one_line_weasyprint_ms, stored_download_ms, the unsigned render per certificate
stamped untagged, stamped tagged (bulk issue) and tagged in one pass (stamped_render_ms_per_cert,
tagged_stamped_render_ms_per_cert, archival_render_ms_per_cert); then
the center admin's list at 1,000 and 10,000 certificates (copies of issued ones, inserted directly): list_ms_1000,
list_ms_10000 (first page, median), csv_ms_10000 and csv_peak_mb_10000 (Python heap growth while the CSV streams);
last, bulk_tagged: yes when every bulk-issued PDF has a structure tree and MarkInfo.
Usage: python bench/certificates.py [--learners 100] [--naive 15]"""
from __future__ import annotations

import argparse
import itertools
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._serve import ROOT, app_for  # noqa: E402
from bench.cert_core import floor_issue, issue_naive, median_ms  # noqa: E402


def _learners_who_completed(count: int) -> list[int]:
    """Accounts with every module completed (inserted directly: the bench measures issuing, not learning)."""
    from sqlalchemy import insert, select

    from lms.auth.models import User
    from lms.auth.passwords import hash_password
    from lms.centers.models import Center, Membership
    from lms.curriculum.models import Module
    from lms.extensions import db
    from lms.progress.models import ModuleCompletion

    center = db.session.scalar(select(Center))
    password = hash_password("bench passphrase 2026")
    rows = [{"email": f"learner{n}@bench.test", "full_name": f"Bench Learner {n:04d}", "password_hash": password,
             "discipline": ("officer", "clinician")[n % 2], "agency": "Bench PD", "is_site_admin": False,
             "session_token": f"t{n}", "failed_logins": 0} for n in range(count)]
    db.session.execute(insert(User), rows)
    ids = list(db.session.scalars(select(User.id).where(User.email.like("%@bench.test"))))
    db.session.execute(insert(Membership), [{"user_id": uid, "center_id": center.id, "role": "learner"}
                                            for uid in ids])
    modules = db.session.scalars(select(Module)).all()
    db.session.execute(insert(ModuleCompletion), [{"user_id": uid, "module_id": m.id,
                                                   "version_id": m.current_version_id}
                                                  for uid in ids for m in modules])
    _field_work_done(center.id, ids)
    db.session.commit()
    return ids


def _field_work_done(center_id: int, ids: list[int]) -> None:
    """What the core program asks beyond the modules, inserted directly: two signed field activities of each
    learner's discipline on days of their own (as in a real cohort: the field work is printed on the certificate,
    so learners rarely share a page), three attended seminars and the course evaluation."""
    from datetime import date, datetime, timedelta

    from sqlalchemy import insert, select

    from lms.auth.models import User
    from lms.centers.cohort_models import Cohort
    from lms.evaluations.models import CourseEvaluation
    from lms.extensions import db
    from lms.practicum.models import LiveSession, PracticumEntry, SessionRegistration, SignoffRequest
    from lms.programs.models import Program

    program = db.session.scalar(select(Program).where(Program.slug == "cdcp-core"))
    version = program.current_version
    kinds = {kind: rule["for"] for kind, rule in version.spec.get("activities", {}).items()}
    signers = {"police": "sergeant@demo.cdcp.test", "clinical": "supervisor@demo.cdcp.test"}
    disciplines = dict(db.session.execute(select(User.id, User.discipline).where(User.id.in_(ids))).all())
    db.session.execute(insert(PracticumEntry), [
        {"user_id": uid, "center_id": center_id, "kind": kind, "status": "signed", "signers": signers,
         "occurred_on": date(2026, 1, 1) + timedelta(days=(uid * 7 + day) % 270), "minutes": 240}
        for uid in ids for kind, disciplines_of in kinds.items() if disciplines[uid] in disciplines_of
        for day in (0, 3)])
    names = {"police": "Sgt. Dana Brooks", "clinical": "Dr. Lee Chen"}  # the demo's approved supervisors
    entry_ids = db.session.scalars(select(PracticumEntry.id).where(PracticumEntry.user_id.in_(ids)))
    db.session.execute(insert(SignoffRequest), [
        {"entry_id": entry_id, "role": role, "signer_email": email, "signer_name": names[role],
         "token_hash": f"{entry_id}-{role}", "expires_at": datetime(2026, 10, 30), "decided_at": datetime(2026, 10, 3),
         "decision": "approved"} for entry_id in entry_ids for role, email in signers.items()])
    cohort = Cohort(center_id=center_id, name="Bench cohort")
    db.session.add(cohort)
    db.session.flush()
    for rule in version.spec.get("sessions", []):
        for n in range(rule["attend"]):
            seminar = LiveSession(cohort_id=cohort.id, series=rule["series"], title=f"{rule['series']} {n + 1}",
                                  secret=f"bench{n}", starts_at=datetime(2026, 10, 5 + n, 15),
                                  ends_at=datetime(2026, 10, 5 + n, 17))
            db.session.add(seminar)
            db.session.flush()
            db.session.execute(insert(SessionRegistration), [
                {"session_id": seminar.id, "user_id": uid, "attended": True, "credited_minutes": 120} for uid in ids])
    if version.spec.get("evaluation") == "required":
        db.session.execute(insert(CourseEvaluation), [
            {"user_id": uid, "program_id": program.id, "program_version_id": version.id, "center_id": center_id,
             "relevance": 5, "free_of_bias": True, "free_of_commercial_content": True,
             "attestation": "I spent the time recorded."} for uid in ids])


def _copies_up_to(total: int) -> None:
    """Insert copies of issued certificates until the center has `total` (new ids, codes and names)."""
    import copy

    from sqlalchemy import func, insert, select

    from lms.certificates.documents.codes import new_public_id, new_short_code
    from lms.certificates.models import Certificate
    from lms.extensions import db

    have = db.session.scalar(select(func.count()).select_from(Certificate))
    bases = db.session.scalars(select(Certificate).limit(50)).all()
    rows = []
    for n in range(have, total):
        base = bases[n % len(bases)]
        snapshot = copy.deepcopy(base.snapshot)
        snapshot["document"]["learner_name"] = f"Copied Learner {n:05d}"
        rows.append({"public_id": new_public_id(), "short_code": new_short_code(), "user_id": base.user_id,
                     "center_id": base.center_id, "program_version_id": base.program_version_id,
                     "center_key_id": base.center_key_id, "snapshot": snapshot, "issued_at": base.issued_at,
                     "expires_at": base.expires_at})
    for start in range(0, len(rows), 2000):
        db.session.execute(insert(Certificate), rows[start:start + 2000])
    db.session.commit()


def list_figures(app) -> dict[str, float]:
    """Time the admin list at 1,000 and 10,000 certificates, and the CSV's time and memory at 10,000."""
    import tracemalloc

    from sqlalchemy import select

    from lms.auth.models import User
    from lms.centers.models import Center, Membership
    from lms.extensions import db

    center = db.session.scalar(select(Center).order_by(Center.id))
    admin = db.session.scalar(select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.center_id == center.id, Membership.role == "center_admin"))
    admin.password_hash = __import__("lms.auth.passwords", fromlist=["hash_password"]).hash_password(
        "bench passphrase 2026")
    db.session.commit()
    client = app.test_client()
    client.post("/signin", data={"email": admin.email, "password": "bench passphrase 2026"})
    url = f"/centers/{center.slug}/admin/certificates"
    figures = {}
    for total in (1000, 10000):
        _copies_up_to(total)
        response = client.get(url + "?q=Copied+Learner")
        assert response.status_code == 200 and "Copied Learner" in response.get_data(as_text=True)
        [figures[f"list_ms_{total}"]] = median_ms(lambda: client.get(url), runs=5)
    tracemalloc.start()
    start = time.perf_counter()
    response = client.get(url + ".csv")
    lines = sum(chunk.count(b"\n") for chunk in response.response)
    figures["csv_ms_10000"] = (time.perf_counter() - start) * 1000
    figures["csv_peak_mb_10000"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    assert lines == 10001, lines
    return figures


def _all_tagged(pdfs) -> bool:
    """Whether every PDF has a structure tree and says it is marked (what pdfinfo reports as "Tagged: yes")."""
    import io

    from pypdf import PdfReader

    for pdf in pdfs:
        root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
        if "/StructTreeRoot" not in root or not root.get("/MarkInfo", {}).get("/Marked"):
            return False
    return True


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--naive", type=int, default=15)
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="lms-cert-bench-"))
    env = {"LMS_INSTANCE_PATH": str(instance), "LMS_SECRET_KEY": "bench", "LMS_QUEUE_URL": "immediate"}
    with app_for(env, WTF_CSRF_ENABLED=False) as app:
        from flask_migrate import upgrade
        from sqlalchemy import func, select

        from lms.auth.models import User
        from lms.certificates.documents.snapshot import CertificateSnapshot
        from lms.certificates.issuing.bulk import start_bulk
        from lms.certificates.models import Certificate, CertificateDocument
        from lms.demo import create_demo_data
        from lms.extensions import db
        from lms.programs.models import Program
        from lms.publishing import import_content

        upgrade(directory=str(ROOT / "migrations"))
        import_content(ROOT / "curriculum", ROOT / "quizzes", ROOT / "programs")
        create_demo_data()
        _learners_who_completed(args.learners)
        program = db.session.scalar(select(Program).where(Program.slug == "cdcp-core"))
        admin = 1
        import lms.certificates.issuing.tasks as issuance

        mails: list[dict] = []
        # delivered later by the worker, not timed
        issuance.queue_templated_mail = lambda **message: mails.append(message)
        already = db.session.scalar(select(func.count()).select_from(Certificate))  # the demo data's own
        # bulk issue renders and signs in the process pool: start its workers first, as a running task worker has
        from lms.certificates.issuing.center_keys import active_key, signing_key
        from lms.certificates.issuing.signed_pdfs import pool
        from tests.support.certificate_samples import sample_cohort

        start = time.perf_counter()
        workers = pool(app.config["CERTIFICATE_PROCESSES"])
        workers.make(sample_cohort(2 * workers.workers), signing_key(active_key(1)))
        pool_start_s = time.perf_counter() - start
        start = time.perf_counter()
        start_bulk(center_id=1, version=program.current_version, actor_id=admin)
        bulk_seconds = time.perf_counter() - start
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        issued = db.session.scalar(select(func.count()).select_from(Certificate)) - already
        assert issued == args.learners == len(mails), f"issued {issued} of {args.learners}"
        bulk_tagged = _all_tagged(db.session.scalars(select(CertificateDocument.pdf).join(
            Certificate, Certificate.id == CertificateDocument.certificate_id).where(
            Certificate.user_id.in_(select(User.id).where(User.email.like("%@bench.test"))))))
        snapshots = [CertificateSnapshot.from_dict(c.snapshot["document"])
                     for c in db.session.scalars(select(Certificate).limit(args.naive))]
        key = db.session.scalar(select(Certificate)).center_key
        from cryptography.hazmat.primitives import serialization

        private = signing_key(key).private_key.private_bytes(serialization.Encoding.PEM,
                                                             serialization.PrivateFormat.PKCS8,
                                                             serialization.NoEncryption())
        start = time.perf_counter()
        for snapshot in snapshots:
            issue_naive(snapshot, private, key.certificate_pem.encode())
        naive_seconds = time.perf_counter() - start

        from lms.certificates.issuing.signed_pdfs import make_documents

        fresh = itertools.cycle(snapshots)
        import weasyprint

        from lms.certificates.issuing.signed_pdfs import renderer, signer_for

        cached_pdf, names = renderer().render(snapshots[0]), itertools.cycle(s.learner_name for s in snapshots)
        # taken in turns, so a load change on the machine hits all alike
        single_ms, floor_ms, one_line_ms = median_ms(
            lambda: make_documents([next(fresh)], key),
            lambda: floor_issue(cached_pdf, next(names), signer_for(key)),
            lambda: weasyprint.HTML(string="<p>Certificate</p>").write_pdf(), runs=20)

        # unsigned renders of the same certificates: stamped untagged (what bulk issue used before), stamped tagged
        # PDF/A-4 (bulk issue now, where the renderer has it) and tagged PDF/A-4 in one pass (issued one by one)
        tagged_many = getattr(renderer(), "render_many_archival", None)  # absent before bulk issue was tagged
        stamped_ms, archival_ms, *tagged_stamped_ms = (ms / len(snapshots) for ms in median_ms(
            lambda: renderer().render_many(snapshots),
            lambda: [renderer().render_archival(s) for s in snapshots],
            *([lambda: tagged_many(snapshots)] if tagged_many else []), runs=3))
        client = app.test_client()
        document = db.session.scalar(select(CertificateDocument))
        owner = db.session.get(Certificate, document.certificate_id)
        client.post("/signin", data={"email": db.session.get(User, owner.user_id).email,
                                     "password": "bench passphrase 2026"})
        [stored_ms] = median_ms(lambda: client.get(f"/certificates/{owner.public_id}/certificate.pdf"), runs=30)
        listing = list_figures(app)
    bulk_ms, naive_ms = bulk_seconds * 1000 / args.learners, naive_seconds * 1000 / len(snapshots)
    figures = {"bulk_ms_per_cert": bulk_ms, "bulk_processes": workers.workers, "pool_start_s": pool_start_s,
               "naive_ms_per_cert": naive_ms, "speedup_vs_naive": naive_ms / bulk_ms,
               "bulk_peak_rss_mb": peak_rss_mb, "single_download_ms": single_ms, "floor_ms": floor_ms,
               "single_ratio_to_floor": single_ms / floor_ms, "one_line_weasyprint_ms": one_line_ms,
               "stored_download_ms": stored_ms,
               "stamped_render_ms_per_cert": stamped_ms,
               **({"tagged_stamped_render_ms_per_cert": tagged_stamped_ms[0]} if tagged_stamped_ms else {}),
               "archival_render_ms_per_cert": archival_ms}
    figures.update(listing)
    for name, value in figures.items():
        print(f"{name}: {value:.2f}")
    print(f"bulk_tagged: {'yes' if bulk_tagged else 'no'}")


if __name__ == "__main__":
    main()
