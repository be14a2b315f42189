"""Which files may be attached, recognised by their bytes rather than by their name: a file is
accepted only when its content is of a kind on the list and that kind is the one its name
says. An HTML page named `minutes.pdf` is refused, since a browser that trusted the name
would run it."""

from dataclasses import dataclass
from pathlib import PurePath

import filetype

from app.errors import DomainError, ErrorDetail, Invalid, UnsupportedMediaType

# How much of the start of a file the recognisers read (filetype's own signature length).
HEAD_BYTES = 8192
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003 documents' container


@dataclass(frozen=True, slots=True)
class Kind:
    media_type: str
    label: str
    # How the content is recognised: by its signature (filetype), as an Office 97-2003
    # container, or as plain text (which has no signature: see _is_plain_text).
    recognised_by: str = "signature"


KINDS: dict[str, Kind] = {
    "pdf": Kind("application/pdf", "PDF"),
    "docx": Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "xlsx": Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "pptx": Kind(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint"
    ),
    "doc": Kind("application/msword", "Word 97-2003", "ole2"),
    "xls": Kind("application/vnd.ms-excel", "Excel 97-2003", "ole2"),
    "ppt": Kind("application/vnd.ms-powerpoint", "PowerPoint 97-2003", "ole2"),
    "odt": Kind("application/vnd.oasis.opendocument.text", "OpenDocument text"),
    "ods": Kind("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet"),
    "odp": Kind("application/vnd.oasis.opendocument.presentation", "OpenDocument presentation"),
    "png": Kind("image/png", "PNG image"),
    "jpg": Kind("image/jpeg", "JPEG image"),
    "jpeg": Kind("image/jpeg", "JPEG image"),
    "gif": Kind("image/gif", "GIF image"),
    "webp": Kind("image/webp", "WebP image"),
    "tif": Kind("image/tiff", "TIFF image"),
    "tiff": Kind("image/tiff", "TIFF image"),
    "csv": Kind("text/csv", "CSV", "text"),
    "txt": Kind("text/plain", "text", "text"),
}
ACCEPTED = ", ".join(f".{extension}" for extension in KINDS)


def _refused(message: str, field: str, error: type[DomainError] = Invalid) -> DomainError:
    return error(message, errors=[ErrorDetail(message=message, field=field)])


def _is_markup(head: bytes) -> bool:
    """HTML, SVG or XML: what a browser may render as a page, scripts included."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _is_plain_text(head: bytes, complete: bool) -> bool:
    """UTF-8 text (a BOM allowed) without NUL."""
    if b"\x00" in head:
        return False
    sample = head if complete else head[: max(0, len(head) - 3)]  # a character may be cut
    try:
        sample.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def _described(head: bytes) -> str:
    """What a refused content is, in words."""
    if _is_markup(head):
        return "markup (HTML, SVG or XML)"
    found = filetype.guess(head) if head else None
    return found.mime if found is not None else "of no recognised kind"


def media_type_of(file_name: str, head: bytes, *, complete: bool, field: str = "file") -> str:
    """The media type of a file named `file_name` whose content starts with `head` (`complete`
    when that is the whole file); refused (415) when its name is not of an accepted kind, or
    (422) when its content is not what its name says."""
    extension = PurePath(file_name).suffix.lower().lstrip(".")
    kind = KINDS.get(extension)
    if kind is None:
        said = f".{extension}" if extension else "no extension"
        raise _refused(
            f"{file_name!r}: files with {said} cannot be attached; accepted: {ACCEPTED}",
            field,
            UnsupportedMediaType,
        )
    head = head[:HEAD_BYTES]
    if kind.recognised_by == "text":
        found = filetype.guess(head) if head else None
        if found is None and not _is_markup(head) and _is_plain_text(head, complete):
            return kind.media_type
        actual = _described(head) if found or _is_markup(head) else "not plain UTF-8 text"
        raise _refused(f"{file_name!r} is named .{extension} but its content is {actual}", field)
    if kind.recognised_by == "ole2" and head.startswith(_OLE2):
        return kind.media_type
    found = filetype.guess(head) if head else None
    if found is not None and found.mime == kind.media_type and not _is_markup(head):
        return kind.media_type
    raise _refused(
        f"{file_name!r} is named .{extension} but its content is {_described(head)}, "
        f"not {kind.label}",
        field,
    )
