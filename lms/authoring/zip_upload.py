"""Reading an uploaded module ZIP (the layout `files.zip` downloads: curriculum/NN-slug/*.md and
quizzes/NN-slug.yaml) into a draft's files, refusing anything unsafe before a byte is stored. Pure."""
from __future__ import annotations

import io
import stat
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from lms.authoring.pipeline import MAX_FILE_CHARS, MAX_FILES, MODULE_FILE, QUIZ_FILE, is_file_name
from lms.curriculum.content import FOLDER_NAME

MAX_UPLOAD_BYTES = 1536 * 1024             # the ZIP itself (requests are capped at 2 MB)
MAX_TOTAL_BYTES = MAX_FILES * MAX_FILE_CHARS  # everything inside it, uncompressed
MAX_RATIO = 100                             # uncompressed / compressed, per member (text compresses ~5-10x)
MAX_MEMBERS = MAX_FILES + 10                # a few directory entries besides the files


_ONE_MODULE = "the ZIP must hold exactly one module (one curriculum/NN-slug folder and its quiz)"


class ZipRefused(ValueError):
    """The upload cannot become a draft; the message says what and where."""


@dataclass(frozen=True)
class ZipModule:
    """The module folder name and its files by draft name."""

    folder: str
    files: dict[str, str]


def _safe_path(info: zipfile.ZipInfo) -> PurePosixPath:
    name = info.filename
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise ZipRefused(f"{name}: absolute paths are not allowed in the ZIP")
    path = PurePosixPath(name)
    if any(part in ("..", ".") for part in path.parts):
        raise ZipRefused(f"{name}: paths outside the module ('..') are not allowed in the ZIP")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise ZipRefused(f"{name}: links are not allowed in the ZIP")
    return path


def _draft_name(path: PurePosixPath, folders: set[str]) -> str:
    parts = path.parts
    if len(parts) == 3 and parts[0] == "curriculum":
        folders.add(parts[1])
        if not is_file_name(parts[2]) or parts[2] == QUIZ_FILE:
            raise ZipRefused(f"{path}: files in a module folder are module.md or NN-slug.md")
        return parts[2]
    if len(parts) == 2 and parts[0] == "quizzes" and parts[1].endswith(".yaml"):
        folders.add(parts[1][:-5])
        return QUIZ_FILE
    raise ZipRefused(f"{path}: expected curriculum/NN-slug/<file>.md or quizzes/NN-slug.yaml")


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """The member's bytes, stopping as soon as it outgrows its limits (the sizes in the ZIP may lie)."""
    limit = min(budget, MAX_FILE_CHARS * 4, max(info.compress_size, 1) * MAX_RATIO)
    with archive.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise ZipRefused(f"{info.filename}: unpacks to more than allowed (a file is at most "
                         f"{MAX_FILE_CHARS:,} characters, compressed at most {MAX_RATIO}:1, the whole ZIP at "
                         f"most {MAX_TOTAL_BYTES:,} bytes)")
    return data


def read_module_zip(data: bytes) -> ZipModule:
    """The one module in the ZIP; ZipRefused on a bad archive, path, link, size, bomb or non-UTF-8 text."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ZipRefused(f"the ZIP is larger than {MAX_UPLOAD_BYTES // 1024:,} KB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise ZipRefused(f"not a ZIP file ({exc})") from None
    if len(members) > MAX_MEMBERS:
        raise ZipRefused(f"the ZIP holds {len(members)} entries; a module has at most {MAX_FILES} files")
    files: dict[str, str] = {}
    folders: set[str] = set()
    budget = MAX_TOTAL_BYTES
    with archive:
        for info in members:
            path = _safe_path(info)
            if info.is_dir():
                continue
            name = _draft_name(path, folders)
            if len(folders) > 1:
                raise ZipRefused(_ONE_MODULE)
            if name in files:
                raise ZipRefused(f"{info.filename}: the ZIP holds this file twice")
            try:
                raw = _read(archive, info, budget)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
                raise ZipRefused(f"{info.filename}: cannot be unpacked ({exc})") from None
            budget -= len(raw)
            try:
                files[name] = raw.decode("utf-8").replace("\r\n", "\n")
            except UnicodeDecodeError as exc:
                raise ZipRefused(f"{info.filename}: not UTF-8 text ({exc.reason})") from None
            if "\x00" in files[name]:
                raise ZipRefused(f"{info.filename}: holds a NUL character")
    if len(folders) != 1:
        raise ZipRefused(_ONE_MODULE)
    folder = folders.pop()
    if not FOLDER_NAME.match(folder):
        raise ZipRefused(f"module folder '{folder}' must look like 'NN-slug'")
    if MODULE_FILE not in files:
        raise ZipRefused(f"curriculum/{folder}/module.md is missing")
    return ZipModule(folder, files)
