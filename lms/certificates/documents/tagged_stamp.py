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
from collections.abc import Iterable

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


def stamp_slots(stamps: pikepdf.Pdf, index: int) -> list[Dictionary]:
    """The slot /Divs of stamp page `index` (each page is one /Sect whose children are the slots)."""
    [document] = [e for e in _children(stamps.Root.StructTreeRoot) if _is_element(e)]
    sections = [e for e in _children(document) if _is_element(e)]
    return [e for e in _children(sections[index]) if _is_element(e)]


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


def _resources(out: pikepdf.Pdf, page: Dictionary, stamp_page: Dictionary, drawn: set[str]) -> None:
    resources, theirs = page.Resources, stamp_page.Resources
    for category in CATEGORIES:
        if category not in theirs:
            continue
        if category not in resources:
            resources[category] = Dictionary()
        for name, value in theirs[category].items():
            if category == "/XObject" and name not in drawn:
                continue  # another learner's QR code
            resources[category]["/" + PREFIX + name[1:]] = _copied(out, value)


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


def _set_title(out: pikepdf.Pdf, title: str) -> None:
    with out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title


def merge_stamp(base: bytes, stamps: pikepdf.Pdf, index: int, *, title: str) -> bytes:
    """One tagged PDF/A file: `base` (a one-page tagged PDF/A) with stamp page `index` of `stamps` merged in."""
    buffer = io.BytesIO()
    with pikepdf.open(io.BytesIO(base)) as out:
        page, stamp_page = out.pages[0].obj, stamps.pages[index].obj
        slots, filled = empty_slots(out), stamp_slots(stamps, index)
        if len(slots) != len(filled):
            raise StampMergeError(f"the base page has {len(slots)} empty slots, the stamp page {len(filled)}")
        parent_tree = out.Root.StructTreeRoot.ParentTree
        marks = parent_tree.Nums[1] if int(parent_tree.Nums[0]) == int(page.StructParents) else None
        if marks is None:
            raise StampMergeError("the base page's parent tree does not start with its page")
        shift = len(marks)
        instructions = pikepdf.parse_content_stream(stamps.pages[index])
        _resources(out, page, stamp_page, _drawn(instructions))
        content = [out.make_stream(b"q\n"), *(list(page.Contents) if isinstance(page.Contents, Array)
                                              else [page.Contents]),
                   out.make_stream(b"\nQ\nq\n" + _rename(instructions, shift) + b"\nQ\n")]
        page.Contents = Array(content)
        mapping: dict[int, Dictionary] = {}
        for slot, stamp_slot in zip(slots, filled, strict=True):
            slot.K = Array([_graft(out, child, slot, page, shift, mapping) if _is_element(child) else child
                            for child in _children(stamp_slot) if _is_element(child)])
        stamped = sum(1 for i in instructions if str(i.operator) in MARKED and len(i.operands) == 2
                      and isinstance(i.operands[1], Dictionary) and "/MCID" in i.operands[1])
        for mcid in range(shift, shift + stamped):
            if mcid not in mapping:
                raise StampMergeError(f"marked content {mcid} of the stamp page has no structure element")
            marks.append(mapping[mcid])
        _set_title(out, title)
        out.trailer.ID = Array([pikepdf.String(os.urandom(16)), pikepdf.String(os.urandom(16))])
        # a classic cross-reference table: pyHanko signs such a file in half the time of one with object streams
        out.save(buffer, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return buffer.getvalue()
