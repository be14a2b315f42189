"""Hostile and broken workbooks, made by rewriting the parts of a valid one."""

import io
import struct
import zipfile
from collections.abc import Callable

from tests.evidence_sheets.sheets import xlsx_bytes

HEADER = ["indicator", "title", "effective_on", "external_id"]
GOOD = ["R1.a", "Strategy", "2021-03-01", "s-1"]


def valid() -> bytes:
    return xlsx_bytes([HEADER, GOOD])


def rewritten(content: bytes, changes: dict[str, Callable[[bytes], bytes]]) -> bytes:
    """The workbook with some members' bytes changed (or added, from b"")."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        names = source.namelist()
        for name in names:
            data = source.read(name)
            target.writestr(name, changes[name](data) if name in changes else data)
        for name, change in changes.items():
            if name not in names:
                target.writestr(name, change(b""))
    return out.getvalue()


def with_member_header(
    content: bytes, member: str, *, flags: int = 0, method: int | None = None
) -> bytes:
    """The archive with one member's flag bits or compression method patched, in its local
    header and in the central directory (as an encrypting or exotic zip tool writes them)."""
    data = bytearray(content)
    local = zipfile.ZipFile(io.BytesIO(content)).getinfo(member).header_offset
    for start, flag_at, method_at in ((local, 6, 8), (_central_entry(data, member), 8, 10)):
        old_flags = struct.unpack_from("<H", data, start + flag_at)[0]
        struct.pack_into("<H", data, start + flag_at, old_flags | flags)
        if method is not None:
            struct.pack_into("<H", data, start + method_at, method)
    return bytes(data)


def _central_entry(data: bytearray, member: str) -> int:
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_length]).decode() == member:
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise LookupError(member)


def sheet_xml(rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row() -> str:
    return (
        '<row r="1">'
        + "".join(inline(f"{col}1", name) for col, name in zip("ABCD", HEADER, strict=True))
        + "</row>"
    )


def with_shared_strings(titles: list[str]) -> bytes:
    """A workbook whose rows take their titles from the shared strings (as Excel writes them),
    one distinct string per row."""
    shared = "".join(f"<si><t>{t}</t></si>" for t in titles)
    table = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{shared}</sst>"
    ).encode()
    rows = "".join(
        f'<row r="{n + 2}">{inline(f"A{n + 2}", GOOD[0])}<c r="B{n + 2}" t="s"><v>{n}</v></c></row>'
        for n in range(len(titles))
    )
    return rewritten(
        valid(),
        {
            "xl/sharedStrings.xml": lambda _: table,
            "xl/worksheets/sheet1.xml": lambda _: sheet_xml(header_row() + rows),
        },
    )
