"""Files and the web both publish modules. Before `flask lms content import` publishes a module it asks: since
the last version both sides share, did the files change, and did the web? Files only: import. Web only: keep the
web's version (importing would roll it back). Both: refuse the module, saying which files differ, unless forced
(audited). A center's own module is never overwritten from files."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from lms.audit.service import record_event
from lms.authoring.models import VersionSource
from lms.curriculum.models import Module, ModuleVersion
from lms.extensions import db
from lms.publishing import ContentItem


def _disk_files(item: ContentItem, root: Path) -> dict[str, str]:
    folder = root / item.module.path.rsplit("/", 1)[0]
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}
    if item.module.quiz_path:
        files["quiz.yaml"] = (root / item.module.quiz_path).read_text(encoding="utf-8")
    return files


def _differs(disk: dict[str, str], web: dict[str, str]) -> str:
    names = sorted(name for name in disk.keys() | web.keys() if disk.get(name) != web.get(name))
    return ", ".join(names) or "nothing"


def _verdict(item: ContentItem, root: Path) -> str | None:
    """None to import the module; else why it is held back ('web:' keeps the web version, 'both:' a conflict)."""
    module = db.session.scalar(select(Module).where(Module.slug == item.module.slug))
    if module is None:
        return None
    if module.owner_center_id is not None:
        return f"both: '{item.module.slug}' is a center's own module made on the web; rename the folder"
    rows = db.session.execute(
        select(ModuleVersion.number, ModuleVersion.content_hash, VersionSource.files)
        .outerjoin(VersionSource, VersionSource.module_version_id == ModuleVersion.id)
        .where(ModuleVersion.module_id == module.id).order_by(ModuleVersion.number)).all()
    web = [(number, files) for number, _, files in rows if files is not None]
    if not web:
        return None
    same = [number for number, content_hash, _ in rows if content_hash == item.module.content_hash]
    base = same[-1] if same else max((n for n, _, files in rows if files is None), default=0)
    newer_web = [(number, files) for number, files in web if number > base]
    if not newer_web:
        return None
    number, files = newer_web[-1]
    if same:
        return f"web: kept version {number} published on the web (the files have not changed since version {base})"
    return (f"both: changed in the files and on the web (version {number}) since version {base}; differing: "
            f"{_differs(_disk_files(item, root), files)}. Download the web version's ZIP and merge, or use --force")


def import_vet(root: Path, *, force: bool = False, actor_id: int | None = None):
    """A `vet` for import_content: holds back modules the web changed; with `force`, they are imported anyway
    and each is audited."""

    def vet(items: list[ContentItem]) -> tuple[list[ContentItem], list[str]]:
        kept, refused = [], []
        for item in items:
            verdict = _verdict(item, root)
            if verdict is None:
                kept.append(item)
            elif force:
                kept.append(item)
                record_event(action="content.import_forced", actor_id=actor_id, target_type="module",
                             target_id=item.module.slug, detail={"why": verdict[6:]})
            else:
                kind, why = verdict.split(": ", 1)
                refused.append(f"{'kept' if kind == 'web' else 'refused'} {item.module.slug}: {why}")
        return kept, refused

    return vet
