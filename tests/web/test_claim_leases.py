"""A killed worker's claimed certificate requests go back to the queue once its lease runs out (about a minute,
not 13), and a request is never issued twice, even when two workers end up holding it."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from lms.certificates.issuing.center_settings import save_settings
from lms.certificates.issuing.tasks import _issue_chunk, requeue_expired_claims
from lms.certificates.models import Certificate, IssuanceRequest
from lms.leases import kept_alive
from lms.programs.models import Program
from lms.timeutil import utcnow
from tests.web.test_certificates import complete_program, issuing_center  # noqa: F401  (fixture)

pytestmark = pytest.mark.pg


@pytest.fixture
def waiting_request(app, db, issuing_center, make_user):  # noqa: F811
    """A request held for approval (so nothing issues it yet)."""
    program = db.session.scalar(select(Program))
    save_settings(center_id=issuing_center.id, actor_id=None, signatory_name="Dr. Ada Lovelace",
                  signatory_title="Director", ce_provider_name="RTC", ce_provider_number="1",
                  requires_approval=True, programs={program.id: ("POST-1", "Approved.")})
    complete_program(db, make_user().id)
    return db.session.scalar(select(IssuanceRequest))


def _claimed(db, request, seconds_ago: float) -> None:
    db.session.execute(update(IssuanceRequest).where(IssuanceRequest.id == request.id).values(
        status="issuing", updated_at=utcnow() - timedelta(seconds=seconds_ago)))
    db.session.commit()


def _certificates(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Certificate))


def test_a_claim_not_renewed_for_the_lease_goes_back_to_the_queue_and_is_issued(app, db, waiting_request):
    _claimed(db, waiting_request, seconds_ago=app.config["ISSUE_LEASE_SECONDS"] + 5)
    assert requeue_expired_claims() == [waiting_request.id]
    db.session.expire_all()
    assert _certificates(db) == 1 and db.session.get(IssuanceRequest, waiting_request.id).status == "issued"


def test_a_claim_renewed_within_the_lease_is_left_to_its_worker(app, db, waiting_request):
    _claimed(db, waiting_request, seconds_ago=1)
    assert requeue_expired_claims() == []
    assert _certificates(db) == 0


def test_a_slow_worker_whose_lease_was_taken_over_records_nothing(app, db, waiting_request):
    _claimed(db, waiting_request, seconds_ago=0)
    assert _issue_chunk([waiting_request.id]) == 1
    assert _issue_chunk([waiting_request.id]) == 0  # a second holder finishing later finds it issued
    assert _certificates(db) == 1


def test_the_lease_is_renewed_while_the_work_runs():
    renewed = threading.Semaphore(0)
    with kept_alive(renewed.release, every=0.01):
        assert renewed.acquire(timeout=30) and renewed.acquire(timeout=30)


def test_worker_housekeeping_records_a_heartbeat_and_requeues_expired_claims(app, db, waiting_request):
    from lms.queue import last_heartbeat
    from lms.worker import housekeeping

    _claimed(db, waiting_request, seconds_ago=app.config["ISSUE_LEASE_SECONDS"] * 3)
    housekeeping(app)
    assert last_heartbeat() is not None
    assert _certificates(db) == 1
