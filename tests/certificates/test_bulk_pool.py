"""Bulk certificates made in the process pool are the same certificates the issuing process makes: tagged PDF/A-4
(pdfinfo), signed (pdfsig and our own validation), undamaged (qpdf --check), in order, each with only its own
learner. A worker that fails, here one ended by its hard time limit, is a clear error naming the certificates of
its chunk, and the next call gets fresh workers."""
from __future__ import annotations

import subprocess

import pytest

from lms.certificates.documents.pades import Signer, validate
from lms.certificates.documents.pool import DocumentPool, WorkerFailed, chunks
from tests.certificates.conftest import pdf_text
from tests.certificates.test_pdf_content import placed_chars
from tests.support.certificate_samples import sample_cohort


@pytest.fixture(scope="module")
def pool():
    workers = DocumentPool(2)
    yield workers
    workers.close()  # the worker processes end here, whatever the tests did


@pytest.fixture(scope="module")
def cohort():
    return sample_cohort(7, programs=2)


@pytest.fixture(scope="module")
def pool_pdfs(pool, cohort, center_key):
    return pool.make(cohort, center_key)


def _tool(pdf: bytes, tmp_path, *command: str) -> subprocess.CompletedProcess:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=120)


def test_the_pool_splits_a_bulk_issue_evenly_in_chunks_of_at_most_one_batch():
    assert chunks(7, 2) == [range(0, 4), range(4, 7)]
    assert [len(c) for c in chunks(120, 2)] == [25, 25, 25, 25, 20]
    assert chunks(1, 4) == [range(0, 1)] and chunks(0, 2) == []


def test_pool_certificates_are_tagged_signed_and_undamaged_by_the_tools_account(pool_pdfs, cohort, center_key,
                                                                                tmp_path):
    assert len(pool_pdfs) == len(cohort)
    for pdf in pool_pdfs:
        assert "Tagged:          yes" in _tool(pdf, tmp_path, "pdfinfo").stdout
        signature = _tool(pdf, tmp_path, "pdfsig", "-nocert").stdout
        assert "Signature #1" in signature and "Signature is Valid." in signature, signature
        checked = _tool(pdf, tmp_path, "qpdf", "--check")
        assert checked.returncode == 0 and "No syntax or stream encoding errors found" in checked.stdout
        verdict = validate(pdf, center_key.certificate)
        assert verdict.ok, verdict.problem


def test_each_pool_certificate_carries_only_its_own_learner_in_order(pool_pdfs, cohort):
    for pdf, snapshot in zip(pool_pdfs, cohort, strict=True):
        text = " ".join(pdf_text(pdf).split())
        assert snapshot.learner_name in text and snapshot.short_code in text
        assert not [other.learner_name for other in cohort if other is not snapshot and other.learner_name in text]


def test_pool_certificates_place_every_character_as_the_issuing_process_does(pool_pdfs, cohort, renderer,
                                                                            center_key):
    here = Signer(center_key).sign_many(renderer.render_many_archival(cohort))
    assert [placed_chars(pdf) for pdf in pool_pdfs] == [placed_chars(pdf) for pdf in here]


def test_a_worker_past_its_hard_time_limit_is_a_clear_error_and_the_next_call_gets_new_workers(cohort, center_key):
    strict = DocumentPool(2, hard_limit=0.01)  # no chunk renders and signs in 10 ms: the worker's alarm ends it
    try:
        with pytest.raises(WorkerFailed) as failed:
            strict.make(cohort, center_key)
        message = str(failed.value)
        assert "a worker process ended before finishing them" in message and "0.01 s limit" in message
        assert "of 7" in message and "none of them was made" in message
        assert cohort[0].short_code in message or cohort[4].short_code in message
        strict.hard_limit = 120  # the broken pool was dropped; the next call starts fresh workers with this limit
        assert len(strict.make(cohort[:2], center_key)) == 2
    finally:
        strict.close()
