"""`flask lms content import`: validate the whole content tree first, then publish every module in one commit."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lms.audit.service import record_event
from lms.curriculum.content import ModuleSpec
from lms.curriculum.loader import load_curriculum
from lms.curriculum.service import PublishResult, publish_module
from lms.extensions import db


@dataclass(frozen=True)
class ImportReport:
    """Per-module outcome of an import."""

    results: tuple[PublishResult, ...]

    @property
    def created(self) -> int:
        """How many modules got a new version."""
        return sum(1 for r in self.results if r.created)


def load_content(curriculum_dir: Path, quizzes_dir: Path) -> list[ModuleSpec]:
    """Parse and validate every module (and quiz); raises ContentErrors listing every problem."""
    return load_curriculum(Path(curriculum_dir), Path(quizzes_dir))


def import_content(curriculum_dir: Path, quizzes_dir: Path, *, actor_id: int | None = None) -> ImportReport:
    """Validate everything, then publish new versions of changed modules; all or nothing."""
    specs = load_content(curriculum_dir, quizzes_dir)
    try:
        results = tuple(publish_module(spec) for spec in specs)
        for result in results:
            if result.created:
                record_event(action="content.publish", actor_id=actor_id, target_type="module_version",
                             target_id=result.version.id,
                             detail={"module": result.slug, "number": result.version.number,
                                     "hash": result.version.content_hash})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return ImportReport(results)
