"""Certificate issuing speed, without the app: bulk (reused Renderer and Signer) against naive (one
weasyprint.HTML(string=...).write_pdf() with the same template, then a fresh pyHanko signature, per
certificate), one on-demand certificate against the real floor, and peak memory.

The floor is the least any issuer must do: stamp the learner's name on an already rendered certificate PDF and
sign it with a signer prepared in advance (`floor_issue`). A one-line WeasyPrint document is still printed, as
`one_line_weasyprint_ms`, labelled for what it is: a naive baseline, not a floor.
The single certificate on demand is what issuance does for one learner (completion, approval, re-issue): a tagged
PDF/A-4 with the learner's stamp drawn into the program's cached page (drawn_stamp.py), signed: single_cert_ms,
against real_floor_ms, as single_ratio_to_floor. The same certificate laid out by WeasyPrint in one tagged pass (the
path it replaced) is single_weasyprint_pass_ms, and the untagged stamped render single_download_ms; all four take
turns in one loop.
Prints bulk_ms_per_cert, naive_ms_per_cert, speedup_vs_naive, bulk_peak_rss_mb, single_cert_ms, real_floor_ms,
single_ratio_to_floor, single_weasyprint_pass_ms, weasyprint_pass_ratio_to_floor, single_download_ms,
one_line_weasyprint_ms (and single_cold_ms, sign_ms_per_cert, drawn_fallbacks for context).
Then the three bulk paths, rendered and signed, taking turns in this run (median of --turns, per certificate, warm
caches in every process): bulk_ms_per_cert_untagged (the stamped pages without tags, what bulk issue made before
it was tagged), bulk_ms_per_cert_tagged (tagged PDF/A-4 stamped in this process) and bulk_ms_per_cert_tagged_pool
(the same spread over the process pool, bulk_pool_workers processes, os.cpu_count()).
Usage: python bench/cert_core.py [--bulk 150] [--naive 15] [--runs 25] [--turns 3]"""
from __future__ import annotations

import argparse
import io
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from asn1crypto import keys as asn1_keys  # noqa: E402
from asn1crypto import x509 as asn1_x509
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.sign import fields, signers  # noqa: E402
from pyhanko.stamp import TextStamp, TextStampStyle  # noqa: E402
from pyhanko_certvalidator.registry import SimpleCertificateStore  # noqa: E402

from lms.certificates.documents.drawn_stamp import DrawnPages  # noqa: E402
from lms.certificates.documents.keys import SigningKey, generate_signing_key  # noqa: E402
from lms.certificates.documents.pades import Signer, validate  # noqa: E402
from lms.certificates.documents.render import Renderer  # noqa: E402
from lms.certificates.documents.snapshot import CertificateSnapshot  # noqa: E402
from tests.support.certificate_samples import render_naive, sample_cohort, sample_snapshot  # noqa: E402


def sign_naive(pdf: bytes, key_pem: bytes, cert_pem: bytes) -> bytes:
    """A pyHanko PAdES signature with everything loaded and estimated afresh (the usual tutorial code)."""
    key = serialization.load_pem_private_key(key_pem, None)
    cert = asn1_x509.Certificate.load(
        x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER))
    private = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    signer = signers.SimpleSigner(signing_cert=cert, signing_key=private,
                                  cert_registry=SimpleCertificateStore.from_certs([cert]))
    meta = signers.PdfSignatureMetadata(field_name="CenterSignature", md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES, certify=True)
    output = io.BytesIO()
    signers.PdfSigner(meta, signer).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), output=output)
    return output.getvalue()


NAME_STAMP = TextStampStyle(stamp_text="%(name)s", border_width=0, background=None)


def stamp_name(pdf: bytes, name: str) -> bytes:
    """The PDF with the name drawn on its first page (an incremental update; nothing is laid out again)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    TextStamp(writer, style=NAME_STAMP, text_params={"name": name}).apply(0, 200, 300)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def floor_issue(base_pdf: bytes, name: str, signer: Signer) -> bytes:
    """The real floor for one certificate: a name stamped on a cached PDF, signed by a prepared signer."""
    return signer.sign(stamp_name(base_pdf, name))


def issue_naive(snapshot: CertificateSnapshot, key_pem: bytes, cert_pem: bytes) -> bytes:
    """One certificate the naive way: a fresh WeasyPrint render and a fresh signer."""
    return sign_naive(render_naive(snapshot), key_pem, cert_pem)


def median_ms(*actions: Callable[[], object], runs: int) -> list[float]:
    """Median wall time of each action in milliseconds, the actions taking turns so load drifts hit all."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(runs):
        for action, spent in zip(actions, times, strict=True):
            start = time.perf_counter()
            action()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) * 1000 for spent in times]


def check(pdfs: list[bytes], snapshots: list[CertificateSnapshot], center: SigningKey, every: int = 10) -> None:
    """Every `every`-th certificate validates and reads back its learner (not timed)."""
    import pdfplumber

    for pdf, snapshot in list(zip(pdfs, snapshots, strict=True))[::every]:
        verdict = validate(pdf, center.certificate)
        assert verdict.ok, verdict.problem
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            text = document.pages[0].extract_text()
        assert snapshot.learner_name in text and snapshot.short_code in text, snapshot.short_code


def bulk_paths(cohort: list[CertificateSnapshot], center: SigningKey, turns: int = 3) -> dict[str, float]:
    """Render and sign the cohort by each bulk path in turns (so load drifts hit all alike); ms per certificate."""
    from lms.certificates.documents.pool import DocumentPool

    renderer, signer, pool = Renderer(), Signer(center), DocumentPool()
    try:
        untagged = lambda: signer.sign_many(renderer.render_many(cohort))  # noqa: E731
        tagged = lambda: signer.sign_many(renderer.render_many_archival(cohort))  # noqa: E731
        pooled = lambda: pool.make(cohort, center)  # noqa: E731
        for warm in (untagged, tagged, pooled):  # programs' pages cached here and in every worker
            warm()
        check(pooled(), cohort, center)
        figures = median_ms(untagged, tagged, pooled, runs=turns)
    finally:
        pool.close()
    names = ("bulk_ms_per_cert_untagged", "bulk_ms_per_cert_tagged", "bulk_ms_per_cert_tagged_pool")
    return {**{name: ms / len(cohort) for name, ms in zip(names, figures, strict=True)},
            "bulk_pool_workers": pool.workers}


def measure(bulk: int = 150, naive: int = 15, runs: int = 25, turns: int = 3) -> dict[str, float]:
    """Run the comparison and return the figures."""
    center = generate_signing_key("New England Regional Training Center")
    key_pem = center.private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption())
    cert_pem = center.certificate.public_bytes(serialization.Encoding.PEM)
    cohort = sample_cohort(bulk)

    start = time.perf_counter()
    renderer, signer = Renderer(), Signer(center)
    signed = signer.sign_many(renderer.render_many(cohort))
    bulk_seconds = time.perf_counter() - start
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    check(signed, cohort, center)

    import weasyprint

    unsigned = renderer.render(cohort[0])
    drawn = DrawnPages(renderer)
    learners = iter(sample_cohort(bulk + 4 * runs + 30)[bulk:])
    programs, floor_names = iter(range(10)), iter(sample_cohort(2 * runs + 60)[30:])
    for snapshot in cohort[:4]:  # every program's page cached, as for a cohort's certificates
        drawn.render(snapshot)
    # One certificate on demand from the warm process, for a program it has issued before (the usual case: a
    # cohort's certificates), against the floor (a name stamped on that PDF, a prepared signature); the actions
    # take turns so load drifts hit all alike.
    single_ms, floor_ms, pass_ms, download_ms, sign_ms, one_line_ms = median_ms(
        lambda: signer.sign(drawn.render(next(learners))),
        lambda: floor_issue(unsigned, next(floor_names).learner_name, signer),
        lambda: signer.sign(renderer.render_archival(next(learners))),
        lambda: signer.sign(renderer.render(next(learners))),
        lambda: signer.sign(unsigned),
        lambda: weasyprint.HTML(string="<p>Certificate</p>").write_pdf(), runs=runs)
    check([floor_issue(unsigned, "Floor Check Learner", signer)], [sample_snapshot(learner_name="Floor Check Learner",
                                                                               short_code=cohort[0].short_code)],
          center, every=1)
    check([signer.sign(drawn.render(cohort[1]))], [cohort[1]], center, every=1)
    [single_cold_ms] = median_ms(lambda: signer.sign(drawn.render(sample_snapshot(
        program_title=f"Single program {next(programs)}"))), runs=5)

    start = time.perf_counter()
    naive_pdfs = [issue_naive(snapshot, key_pem, cert_pem) for snapshot in cohort[:naive]]
    naive_seconds = time.perf_counter() - start
    check(naive_pdfs, cohort[:naive], center)

    bulk_ms, naive_ms = bulk_seconds * 1000 / bulk, naive_seconds * 1000 / naive
    return {"bulk_ms_per_cert": bulk_ms, "naive_ms_per_cert": naive_ms, "speedup_vs_naive": naive_ms / bulk_ms,
            "bulk_peak_rss_mb": peak_rss_mb, "single_cert_ms": single_ms, "real_floor_ms": floor_ms,
            "single_ratio_to_floor": single_ms / floor_ms, "single_weasyprint_pass_ms": pass_ms,
            "weasyprint_pass_ratio_to_floor": pass_ms / floor_ms, "single_download_ms": download_ms,
            "one_line_weasyprint_ms": one_line_ms, "single_cold_ms": single_cold_ms, "sign_ms_per_cert": sign_ms,
            "drawn_fallbacks": drawn.fallbacks, **bulk_paths(cohort, center, turns)}


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--bulk", type=int, default=150)
    parser.add_argument("--naive", type=int, default=15)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--turns", type=int, default=3)
    args = parser.parse_args()
    for name, value in measure(args.bulk, args.naive, args.runs, args.turns).items():
        print(f"{name}: {value:.2f}")


if __name__ == "__main__":
    main()
