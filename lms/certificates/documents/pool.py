"""Bulk certificates made in worker processes: the renderer (WeasyPrint) and the signer (pyHanko) each take one core
at a time, so a bulk issue spreads its batches over a process pool, one process per CPU.

Each worker (spawned, so nothing of the parent's state is inherited) builds its own Renderer and keeps one Signer
per center key; a task is one chunk of at most render.BATCH snapshots and comes back as that chunk's signed PDFs,
made exactly as in the issuing process (Renderer.render_many_archival, then Signer.sign_many). Nothing is written
anywhere by a worker: the caller records the certificates. Memory stays bounded: chunks are small, at most two per
worker are in flight, and a worker is replaced after `tasks_per_worker` chunks.

Failures: a snapshot that does not fit or a render past its time bound comes back as that error (SnapshotError,
RenderTimeout), as in the issuing process; anything else, or a worker that dies (killed, out of memory, or stuck in
library code past its hard time limit, when its own SIGALRM ends it), raises WorkerFailed naming the chunk, and a
broken pool is replaced on the next call. Pure: no Flask, no database.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from lms.certificates.documents.keys import SigningKey
from lms.certificates.documents.render import BATCH, RenderTimeout
from lms.certificates.documents.snapshot import CertificateSnapshot, SnapshotError

KeyParts = tuple[bytes, tuple[bytes, ...]]  # PKCS#8 DER of the private key, DER of the certificate and its chain


class WorkerFailed(RuntimeError):
    """A worker process failed to make a chunk of certificates (not the certificates' own fault)."""


def key_parts(signing_key: SigningKey) -> KeyParts:
    """A signing key as bytes a worker process can receive (through the pool's pipe, never a file)."""
    private = signing_key.private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                                    serialization.NoEncryption())
    return private, tuple(c.public_bytes(serialization.Encoding.DER)
                          for c in (signing_key.certificate, *signing_key.chain))


_worker: dict[str, Any] = {}  # in a worker process: its renderer, signers by key, hard time limit


def _start_worker(timeout: float, hard_limit: float) -> None:
    """Pool initializer (a module-level function, so a spawned process can import it): the parent handles Ctrl-C,
    and SIGALRM keeps its default action, ending this process if a chunk outlasts `hard_limit`."""
    from lms.certificates.documents.render import Renderer

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    _worker.update(renderer=Renderer(timeout=timeout), signers={}, timeout=timeout, hard_limit=hard_limit)


def _make_chunk(documents: list[dict[str, Any]], key: KeyParts) -> list[bytes]:
    """In a worker: signed tagged PDF/A files for one chunk of snapshots (as dictionaries), in order."""
    from lms.certificates.documents.pades import Signer
    from lms.certificates.documents.render import Renderer

    signer = _worker["signers"].get(key)
    if signer is None:
        private, certificates = key
        chain = [x509.load_der_x509_certificate(der) for der in certificates]
        signer = _worker["signers"][key] = Signer(SigningKey(
            serialization.load_der_private_key(private, None), chain[0], tuple(chain[1:])))
    signal.setitimer(signal.ITIMER_REAL, _worker["hard_limit"])
    try:
        pdfs = _worker["renderer"].render_many_archival([CertificateSnapshot.from_dict(d) for d in documents])
        return signer.sign_many(pdfs)
    except RenderTimeout:
        _worker["renderer"] = Renderer(timeout=_worker["timeout"])  # its caches may be half-built
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def chunks(count: int, workers: int) -> list[range]:
    """Index ranges splitting `count` snapshots evenly over the workers, at most BATCH each."""
    size = max(1, min(BATCH, -(-count // max(1, workers))))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


class DocumentPool:
    """A process pool that renders and signs bulk certificates; thread-safe, started on first use."""

    def __init__(self, workers: int | None = None, *, timeout: float = 30.0, hard_limit: float | None = None,
                 tasks_per_worker: int = 200) -> None:
        """`workers` processes (default: os.cpu_count()); each render bounded by `timeout` seconds (RenderTimeout),
        each chunk (render and signatures) by `hard_limit` (default twice that plus 30 s), after which its worker
        is ended even inside library code."""
        self.workers = workers or os.cpu_count() or 1
        self.timeout, self.tasks_per_worker = timeout, tasks_per_worker
        self.hard_limit = 2 * timeout + 30 if hard_limit is None else hard_limit
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker,
                    initargs=(self.timeout, self.hard_limit), max_tasks_per_child=self.tasks_per_worker)
            return self._executor

    def _discard(self, executor: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is executor:
                self._executor = None
        executor.shutdown(wait=False, cancel_futures=True)

    def make(self, snapshots: Sequence[CertificateSnapshot], signing_key: SigningKey) -> list[bytes]:
        """Signed tagged PDF/A files for snapshots signed with the same key, in order (see the module's notes on
        errors). All or nothing: if one chunk fails, the call raises and returns no file."""
        key, documents = key_parts(signing_key), [s.to_dict() for s in snapshots]
        parts = chunks(len(documents), self.workers)
        results: list[list[bytes]] = [[] for _ in parts]
        pending: deque[tuple[int, Future]] = deque()
        executor = self._pool()
        try:
            for number, part in enumerate(parts):
                if len(pending) >= 2 * self.workers:  # bounded: at most two chunks per worker in flight
                    done, future = pending.popleft()
                    results[done] = self._result(future, parts[done], snapshots)
                try:
                    pending.append((number, executor.submit(_make_chunk, [documents[i] for i in part], key)))
                except BrokenProcessPool as error:
                    raise self._failed(part, snapshots, "the worker processes had stopped") from error
            while pending:
                done, future = pending.popleft()
                results[done] = self._result(future, parts[done], snapshots)
        except BaseException as error:
            for _, future in pending:
                future.cancel()
            if isinstance(error, WorkerFailed) and isinstance(error.__cause__, (BrokenProcessPool, TimeoutError)):
                self._discard(executor)  # the next call starts new workers
            raise
        return [pdf for chunk in results for pdf in chunk]

    def _failed(self, part: range, snapshots: Sequence[CertificateSnapshot], what: str) -> WorkerFailed:
        codes = f"{snapshots[part[0]].short_code} to {snapshots[part[-1]].short_code}"
        return WorkerFailed(f"certificates {part.start + 1}–{part.stop} of {len(snapshots)} ({codes}): {what}; "
                            "none of them was made")

    def _result(self, future: Future, part: range, snapshots: Sequence[CertificateSnapshot]) -> list[bytes]:
        try:
            pdfs = future.result(timeout=self.hard_limit + 60)  # the worker's own alarm should end it first
        except (SnapshotError, RenderTimeout):
            raise
        except BrokenProcessPool as error:
            raise self._failed(part, snapshots, "a worker process ended before finishing them (killed, out of "
                               f"memory, or past its {self.hard_limit:g} s limit)") from error
        except TimeoutError as error:
            raise self._failed(part, snapshots, "a worker process did not answer in time") from error
        except Exception as error:  # noqa: BLE001  (any error of the worker's code, reported with its place)
            raise self._failed(part, snapshots, f"a worker process failed: {type(error).__name__}: {error}"
                               f"{_where(error)}") from error
        if len(pdfs) != len(part):
            raise self._failed(part, snapshots, f"a worker process returned {len(pdfs)} files for {len(part)}")
        return pdfs

    def close(self) -> None:
        """Stop the worker processes (waiting for running chunks); the next call starts new ones."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def _where(error: BaseException) -> str:
    """ " (at file:line)" of the worker code that raised `error`, from the traceback text the pool sends back."""
    frames = [line.strip() for line in str(error.__cause__ or "").splitlines() if line.strip().startswith("File ")]
    if not frames:
        return ""
    file, _, rest = frames[-1][len("File "):].partition(", line ")
    return f" (at {file.strip(chr(34)).rsplit('/', 1)[-1]}:{rest.split(',')[0]})"
