"""The task worker process: huey's consumer, plus a housekeeping thread that records the worker's heartbeat and
hands expired certificate claims back to the queue every few seconds."""
from __future__ import annotations

import logging

from flask import Flask

from lms.leases import kept_alive

HOUSEKEEPING_SECONDS = 15
logger = logging.getLogger("lms.worker")


def housekeeping(app: Flask) -> None:
    """One round: say we are alive, then requeue claims whose worker stopped renewing them."""
    from lms.certificates.issuing.tasks import requeue_expired_claims
    from lms.extensions import db
    from lms.queue import record_heartbeat

    with app.app_context():
        record_heartbeat()
        try:
            expired = requeue_expired_claims()
        finally:
            db.session.remove()
        if expired:
            logger.warning("expired certificate claims requeued", extra={"requests": len(expired)})


def run_worker(app: Flask, *, threads: int) -> None:
    """Run the consumer until interrupted, with housekeeping beside it."""
    from huey.consumer import Consumer

    from lms.queue import huey, queue_description

    logger.info("worker starting", extra={"threads": threads, "queue": queue_description()})
    housekeeping(app)
    with kept_alive(lambda: housekeeping(app), every=HOUSEKEEPING_SECONDS, name="worker-housekeeping"):
        Consumer(huey, workers=threads, worker_type="thread", periodic=True).run()
