"""The paths that more than the router must recognise (the early answers to status polls, the
content-type and body-size rules), each defined once."""

import re

# A report as a path names it: its numeric id, or its code.
REPORT_REF = r"[0-9]{1,10}|[a-z][a-z0-9-]{1,99}"

REPORT_STATUS = "/api/v1/reports/{report_id}/status"
PORTFOLIO_STATUS = "/api/v1/status"
REPORT_IMPORTS = "/api/v1/reports/{report_id}/imports"
EVIDENCE_ATTACHMENTS = "/api/v1/evidence/{evidence_id}/attachments"
LOGIN = "/login"
LOGOUT = "/logout"

_PARAMETER = re.compile(r"\{(\w+)\}")


def matcher(template: str, **patterns: str) -> re.Pattern[str]:
    """A regular expression for the whole path, each {parameter} matched by its pattern
    (captured by name); any other segment character otherwise."""
    parts, last = [], 0
    for found in _PARAMETER.finditer(template):
        parts.append(re.escape(template[last : found.start()]))
        name = found.group(1)
        parts.append(f"(?P<{name}>{patterns.get(name, '[^/]+')})")
        last = found.end()
    parts.append(re.escape(template[last:]))
    return re.compile("^" + "".join(parts) + "$")


REPORT_STATUS_PATH = matcher(REPORT_STATUS, report_id=REPORT_REF)
# Any segment: a malformed report reference still gets the upload rules, then its 422.
REPORT_IMPORTS_PATH = matcher(REPORT_IMPORTS)
EVIDENCE_ATTACHMENTS_PATH = matcher(EVIDENCE_ATTACHMENTS)
# The dashboard's forms that carry files (evidence and its attachments).
FORM_FILES_PATH = re.compile(
    r"^/dashboard/(indicators|recommendations)/[0-9]+/record$"
    r"|^/dashboard/evidence/[0-9]+/(attachments|correction)$"
)
# The dashboard's spreadsheet upload.
FORM_SHEET_PATH = re.compile(r"^/dashboard/reports/[^/]+/import$")
