"""Certificate issuing speed, without the app: bulk (reused Renderer and Signer) against naive (one
weasyprint.HTML(string=...).write_pdf() with the same template, then a fresh pyHanko signature, per
certificate), one on-demand certificate against a one-line WeasyPrint document, and peak memory.
Prints bulk_ms_per_cert, naive_ms_per_cert, speedup_vs_naive, bulk_peak_rss_mb, single_download_ms,
floor_ms, single_ratio_to_floor (and single_cold_ms, sign_ms_per_cert for context).
Usage: python bench/cert_core.py [--bulk 500] [--naive 100]"""
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
from asn1crypto import keys as asn1_keys, x509 as asn1_x509  # noqa: E402
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.sign import fields, signers  # noqa: E402
from pyhanko_certvalidator.registry import SimpleCertificateStore  # noqa: E402

from lms.certificates.documents.keys import SigningKey, generate_signing_key  # noqa: E402
from lms.certificates.documents.render import Renderer  # noqa: E402
from tests.support.certificate_samples import render_naive, sample_cohort, sample_snapshot  # noqa: E402
from lms.certificates.documents.pades import Signer, validate  # noqa: E402
from lms.certificates.documents.snapshot import CertificateSnapshot  # noqa: E402


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


def issue_naive(snapshot: CertificateSnapshot, key_pem: bytes, cert_pem: bytes) -> bytes:
    """One certificate the naive way: a fresh WeasyPrint render and a fresh signer."""
    return sign_naive(render_naive(snapshot), key_pem, cert_pem)


def median_ms(*actions: Callable[[], object], runs: int) -> list[float]:
    """Median wall time of each action in milliseconds, the actions taking turns so load drifts hit all."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(runs):
        for action, spent in zip(actions, times):
            start = time.perf_counter()
            action()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) * 1000 for spent in times]


def check(pdfs: list[bytes], snapshots: list[CertificateSnapshot], center: SigningKey, every: int = 10) -> None:
    """Every `every`-th certificate validates and reads back its learner (not timed)."""
    import pdfplumber

    for pdf, snapshot in list(zip(pdfs, snapshots))[::every]:
        verdict = validate(pdf, center.certificate)
        assert verdict.ok, verdict.problem
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            text = document.pages[0].extract_text()
        assert snapshot.learner_name in text and snapshot.short_code in text, snapshot.short_code


def measure(bulk: int = 500, naive: int = 100) -> dict[str, float]:
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
    learners, programs = iter(sample_cohort(bulk + 30)[bulk:]), iter(range(10))
    # One certificate on demand from the warm process, for a program it has rendered before (the usual
    # case: a cohort's certificates), against WeasyPrint rendering a one-line document from scratch.
    single_ms, floor_ms, sign_ms = median_ms(
        lambda: signer.sign(renderer.render(next(learners))),
        lambda: weasyprint.HTML(string="<p>Certificate</p>").write_pdf(),
        lambda: signer.sign(unsigned), runs=25)
    [single_cold_ms] = median_ms(lambda: signer.sign(renderer.render(sample_snapshot(
        program_title=f"Single program {next(programs)}"))), runs=5)

    start = time.perf_counter()
    naive_pdfs = [issue_naive(snapshot, key_pem, cert_pem) for snapshot in cohort[:naive]]
    naive_seconds = time.perf_counter() - start
    check(naive_pdfs, cohort[:naive], center)

    bulk_ms, naive_ms = bulk_seconds * 1000 / bulk, naive_seconds * 1000 / naive
    return {"bulk_ms_per_cert": bulk_ms, "naive_ms_per_cert": naive_ms, "speedup_vs_naive": naive_ms / bulk_ms,
            "bulk_peak_rss_mb": peak_rss_mb, "single_download_ms": single_ms, "floor_ms": floor_ms,
            "single_ratio_to_floor": single_ms / floor_ms, "single_cold_ms": single_cold_ms,
            "sign_ms_per_cert": sign_ms}


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--bulk", type=int, default=500)
    parser.add_argument("--naive", type=int, default=100)
    args = parser.parse_args()
    for name, value in measure(args.bulk, args.naive).items():
        print(f"{name}: {value:.2f}")


if __name__ == "__main__":
    main()
