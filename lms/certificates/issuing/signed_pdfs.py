"""Turning snapshots into signed PDFs, reusing one renderer and one signer per key in each worker process, and,
for bulk issues, one pool of rendering processes (CERTIFICATE_PROCESSES)."""
from __future__ import annotations

import atexit
import os
from collections.abc import Sequence
from threading import Lock
from typing import TYPE_CHECKING

from flask import current_app

from lms.certificates.documents.snapshot import CertificateSnapshot
from lms.certificates.issuing.center_keys import signing_key
from lms.certificates.models import CenterKey

if TYPE_CHECKING:  # WeasyPrint and pyHanko load on the first certificate, not with every command and worker
    from lms.certificates.documents.drawn_stamp import DrawnPages
    from lms.certificates.documents.pades import Signer
    from lms.certificates.documents.pool import DocumentPool
    from lms.certificates.documents.render import Renderer

_renderer: Renderer | None = None
_drawn: DrawnPages | None = None
_signers: dict[str, Signer] = {}
_pool: DocumentPool | None = None
_lock = Lock()


def renderer() -> Renderer:
    """The process's renderer (templates, stylesheet and fonts loaded once)."""
    global _renderer
    with _lock:
        if _renderer is None:
            from lms.certificates.documents.render import Renderer

            _renderer = Renderer()
            atexit.register(_drop_renderer)  # before interpreter shutdown tears down WeasyPrint's modules
        return _renderer


def drawn_pages() -> DrawnPages:
    """The process's cached pages for certificates issued one by one (drawn into, not laid out again)."""
    global _drawn
    current = renderer()
    with _lock:
        if _drawn is None or _drawn.renderer is not current:
            from lms.certificates.documents.drawn_stamp import DrawnPages

            _drawn = DrawnPages(current)
        return _drawn


def _drop_renderer() -> None:
    global _renderer, _drawn
    _renderer = _drawn = None


def signer_for(key: CenterKey) -> Signer:
    """The process's signer for a center key."""
    with _lock:
        signer = _signers.get(key.fingerprint)
        if signer is None:
            from lms.certificates.documents.pades import Signer

            signer = _signers[key.fingerprint] = Signer(signing_key(key))
        return signer


def pool(processes: int) -> DocumentPool:
    """The process's pool of `processes` rendering processes (0: one per CPU), started on first use."""
    from lms.certificates.documents.pool import DocumentPool

    global _pool
    wanted = processes or os.cpu_count() or 1
    with _lock:
        if _pool is None or _pool.workers != wanted:
            if _pool is not None:
                _pool.close()
            else:
                atexit.register(_close_pool)
            _pool = DocumentPool(wanted)
        return _pool


def _close_pool() -> None:
    global _pool
    with _lock:
        closing, _pool = _pool, None
    if closing is not None:
        closing.close()


def make_documents(snapshots: Sequence[CertificateSnapshot], key: CenterKey, *,
                   archival: bool = False) -> list[bytes]:
    """Signed tagged PDF/A-4 files for snapshots issued with the same key, in order. When `archival` (certificates
    issued one by one) each learner's stamp is drawn straight into the program's cached tagged page, no layout
    (drawn_stamp.py; a name the bundled fonts cannot draw gets one WeasyPrint pass); else the program's cached
    tagged page with each learner's tagged stamp merged in (bulk issue), spread over the process pool when
    CERTIFICATE_PROCESSES is not 1 (WorkerFailed if a worker fails; nothing is written here either way). A render
    cut short by its time bound
    drops the process's renderer (its caches may be half-built), so the next one starts clean."""
    from lms.certificates.documents.render import RenderTimeout

    global _renderer
    processes = current_app.config.get("CERTIFICATE_PROCESSES", 1)
    if not archival and processes != 1 and len(snapshots) > 1:
        return pool(processes).make(list(snapshots), signing_key(key))
    try:
        if archival:
            pdfs = [drawn_pages().render(snapshot) for snapshot in snapshots]
        else:
            pdfs = renderer().render_many_archival(list(snapshots))
    except RenderTimeout:
        with _lock:
            _renderer = None
        raise
    return signer_for(key).sign_many(pdfs)
