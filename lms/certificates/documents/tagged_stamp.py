"""Tagged PDF/A certificates at bulk speed: a program's tagged PDF/A base page (rendered once) with one learner's
tagged stamp page drawn over it, their structure trees merged.

The base page leaves the learner slots empty; WeasyPrint tags each empty slot as a childless /Div. The stamp page
(one per learner, laid out in a batch) tags the same three slots with their content: the name, the code and
verify address, and the QR code as a /Figure with alt text. Merging a stamp into a copy of the base:
- its content stream is appended to the base page's (the base's wrapped in q/Q), its resource names prefixed so
  they cannot clash, and its marked-content ids shifted past the base page's;
- only the XObjects it draws are copied, so one learner's file never carries another learner's QR code;
- its slot elements' children are grafted into the base's empty slots (reading order stays the page's), and the
  parent tree maps the shifted ids to the grafted elements;
- the XMP title names the learner, as a certificate rendered in one pass does.
The result keeps the base's PDF/A identification, output intent, fonts embedded and language. Pure: no Flask.
"""
from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator

PREFIX = "S"  # stamp resource names become /S<name>
CATEGORIES = ("/Font", "/XObject", "/ExtGState", "/ColorSpace", "/Pattern", "/Shading", "/Properties")
NAMED_OPERAND = {"Tf": "/Font", "Do": "/XObject", "gs": "/ExtGState", "cs": "/ColorSpace", "CS": "/ColorSpace",
                 "sh": "/Shading", "scn": "/Pattern", "SCN": "/Pattern"}
MARKED = frozenset({"BDC", "DP"})
STRUCT_KEYS = ("/S", "/Alt", "/ActualText", "/E", "/Lang", "/T", "/A", "/C")


class StampMergeError(ValueError):
    """The base page's empty slots and the stamp page's slots do not line up (a template changed shape)."""


def _children(element: Dictionary) -> list:
    kids = element.get("/K")
    return [] if kids is None else list(kids) if isinstance(kids, Array) else [kids]


def _is_element(item: object) -> bool:
    return isinstance(item, Dictionary) and "/S" in item


def _walk(element: Dictionary) -> Iterable[Dictionary]:
    yield element
    for child in _children(element):
        if _is_element(child):
            yield from _walk(child)


def empty_slots(pdf: pikepdf.Pdf) -> list[Dictionary]:
    """A base page's learner slots in reading order: the first childless /Div directly in the sheet (the name),
    and the last two childless /Divs of the page (the code and address, then the QR code, which end the footer).
    Other empty elements (an optional line left blank) are not slots."""
    [document] = [e for e in _children(pdf.Root.StructTreeRoot) if _is_element(e)]
    sheets = [e for e in _children(document) if _is_element(e)]
    empty = [e for sheet in sheets for e in _walk(sheet) if e.S == "/Div" and not _children(e)]
    top = [e for sheet in sheets for e in _children(sheet) if _is_element(e) and e.S == "/Div" and not _children(e)]
    if not top or len(empty) < 3 or top[0].objgen in {e.objgen for e in empty[-2:]}:
        raise StampMergeError("the base page does not have the three empty learner slots")
    return [top[0], *empty[-2:]]


def stamp_sections(stamps: pikepdf.Pdf) -> list[Dictionary]:
    """The stamp pages' /Sect elements, one per page in order; each one's children are that page's slot /Divs."""
    [document] = [e for e in _children(stamps.Root.StructTreeRoot) if _is_element(e)]
    return [e for e in _children(document) if _is_element(e)]


def _drawn(instructions: list) -> set[str]:
    return {str(i.operands[0]) for i in instructions if str(i.operator) == "Do"}


def _rename(instructions: list, shift: int) -> bytes:
    """The stamp page's content with resource names prefixed and marked-content ids shifted by `shift`."""
    out = []
    for instruction in instructions:
        operator, operands = str(instruction.operator), list(instruction.operands)
        if operator in NAMED_OPERAND and operands and isinstance(operands[-1 if operator in ("scn", "SCN") else 0],
                                                                  Name):
            at = -1 if operator in ("scn", "SCN") else 0
            operands[at] = Name("/" + PREFIX + str(operands[at])[1:])
        elif operator in MARKED and len(operands) == 2 and isinstance(operands[1], Dictionary):
            properties = Dictionary(operands[1])
            if "/MCID" in properties:
                properties.MCID = int(properties.MCID) + shift
            operands[1] = properties
        out.append(pikepdf.ContentStreamInstruction(operands, Operator(operator)))
    return pikepdf.unparse_content_stream(out)


def _copied(out: pikepdf.Pdf, value: object) -> object:
    """`value` of another PDF, usable in `out` (indirect objects copied with what they reference)."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return out.copy_foreign(value)
    if isinstance(value, Dictionary):
        return Dictionary({k: _copied(out, v) for k, v in value.items()})
    if isinstance(value, Array):
        return Array([_copied(out, v) for v in value])
    return value


def _stamp_resources(out: pikepdf.Pdf, stamp_page: Dictionary, drawn: set[str],
                     copied: dict[tuple[str, str], object]) -> dict[str, dict[str, object]]:
    """The stamp page's resources under their prefixed names, copied into `out` at most once per batch (`copied`);
    only the XObjects the page draws, so one learner's file never carries another learner's QR code."""
    entries: dict[str, dict[str, object]] = {}
    for category in CATEGORIES:
        for name, value in stamp_page.Resources.get(category, Dictionary()).items():
            if category == "/XObject" and name not in drawn:
                continue  # another learner's QR code
            if (category, name) not in copied:
                copied[category, name] = _copied(out, value)
            entries.setdefault(category, {})["/" + PREFIX + name[1:]] = copied[category, name]
    return entries


def _graft(out: pikepdf.Pdf, element: Dictionary, parent: Dictionary, page: Dictionary, shift: int,
           mapping: dict[int, Dictionary]) -> Dictionary:
    """A copy of a stamp structure element under `parent` in `out`: marked-content ids shifted, /Pg the merged page,
    and `mapping` filled with new id → element for the parent tree."""
    copy = Dictionary(Type=Name.StructElem, P=parent, Pg=page)
    for key in STRUCT_KEYS:
        if key in element:
            copy[key] = _copied(out, element[key])
    if "/NS" in parent:
        copy.NS = parent.NS
    copy = out.make_indirect(copy)
    kids = Array()
    for child in _children(element):
        if _is_element(child):
            kids.append(_graft(out, child, copy, page, shift, mapping))
        elif isinstance(child, int):
            kids.append(int(child) + shift)
            mapping[int(child) + shift] = copy
        elif isinstance(child, Dictionary) and child.get("/Type") == "/MCR":
            kids.append(Dictionary(Type=Name.MCR, Pg=page, MCID=int(child.MCID) + shift))
            mapping[int(child.MCID) + shift] = copy
    copy.K = kids
    return copy


TITLE_MARK = "\u2063certificate-title\u2063"  # invisible separators: never in a real title


def _metadata_around_title(out: pikepdf.Pdf) -> tuple[bytes, bytes]:
    """The base's XMP packet split where the certificate's title goes (edited once, through pikepdf)."""
    with out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = TITLE_MARK
    before, mark, after = out.Root.Metadata.read_bytes().partition(TITLE_MARK.encode())
    if not mark:
        raise StampMergeError("the base page's XMP metadata has no title to replace")
    return before, after


def _xml_text(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()


def merge_stamps(base: bytes, stamps: pikepdf.Pdf, pages: Sequence[tuple[int, str]]) -> list[bytes]:
    """Tagged PDF/A files, one per (stamp page index, title) in `pages`, in order: `base` (a one-page tagged PDF/A)
    with that stamp page merged in. The base is opened once per batch and the stamps' shared resources (fonts)
    copied into it once; each file is saved from it with its own page content, resources, slot elements and
    parent-tree entries, and a file holds only the objects it reaches (qpdf writes what the trailer reaches), so
    no learner's file carries another's stamp."""
    with pikepdf.open(io.BytesIO(base)) as out:
        page = out.pages[0].obj
        slots, sections = empty_slots(out), stamp_sections(stamps)
        nums = out.Root.StructTreeRoot.ParentTree.Nums
        if int(nums[0]) != int(page.StructParents):
            raise StampMergeError("the base page's parent tree does not start with its page")
        marks, kept = list(nums[1]), list(nums)[2:]
        base_resources = {category: dict(page.Resources[category].items()) for category in page.Resources.keys()}
        base_contents = list(page.Contents) if isinstance(page.Contents, Array) else [page.Contents]
        opening, (xmp_before, xmp_after) = out.make_stream(b"q\n"), _metadata_around_title(out)
        copied: dict[tuple[str, str], object] = {}
        files = []
        for index, title in pages:
            filled = [e for e in _children(sections[index]) if _is_element(e)]
            if len(slots) != len(filled):
                raise StampMergeError(f"the base page has {len(slots)} empty slots, the stamp page {len(filled)}")
            instructions = pikepdf.parse_content_stream(stamps.pages[index])
            stamp = _stamp_resources(out, stamps.pages[index].obj, _drawn(instructions), copied)
            page.Resources = out.make_indirect(Dictionary({
                category: Dictionary({**base_resources.get(category, {}), **stamp.get(category, {})})
                for category in {*base_resources, *stamp}}))
            shift = len(marks)
            page.Contents = Array([opening, *base_contents,
                                   out.make_stream(b"\nQ\nq\n" + _rename(instructions, shift) + b"\nQ\n")])
            mapping: dict[int, Dictionary] = {}
            for slot, stamp_slot in zip(slots, filled, strict=True):
                slot.K = Array([_graft(out, child, slot, page, shift, mapping)
                                for child in _children(stamp_slot) if _is_element(child)])
            stamped = sum(1 for i in instructions if str(i.operator) in MARKED and len(i.operands) == 2
                          and isinstance(i.operands[1], Dictionary) and "/MCID" in i.operands[1])
            missing = [mcid for mcid in range(shift, shift + stamped) if mcid not in mapping]
            if missing:
                raise StampMergeError(f"marked content {missing[0]} of the stamp page has no structure element")
            out.Root.StructTreeRoot.ParentTree.Nums = Array(
                [nums[0], Array([*marks, *(mapping[mcid] for mcid in range(shift, shift + stamped))]), *kept])
            out.Root.Metadata.write(xmp_before + _xml_text(title) + xmp_after)
            out.trailer.ID = Array([pikepdf.String(os.urandom(16)), pikepdf.String(os.urandom(16))])
            buffer = io.BytesIO()
            # a classic cross-reference table: pyHanko signs such a file in half the time of one with object streams
            out.save(buffer, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                     fix_metadata_version=False)
            files.append(buffer.getvalue())
    return files
