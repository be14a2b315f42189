"""Reading report files from disk (YAML or JSON) into a validated ReportFile."""

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from app.errors import ErrorDetail, Invalid
from app.report_files.document import ReportFile

SUFFIXES = (".yaml", ".yml", ".json")


def report_files(path: Path) -> list[Path]:
    """The report files at a path: the file itself, or every YAML/JSON file in a folder."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix in SUFFIXES)
    return [path]


def validation_details(exc: ValidationError, prefix: str = "") -> list[ErrorDetail]:
    return [
        ErrorDetail(
            field=".".join(str(part) for part in (prefix, *err["loc"]) if part != ""),
            message=err["msg"],
        )
        for err in exc.errors()
    ]


def parse_report_file(data: Any, *, source: str) -> ReportFile:
    try:
        return ReportFile.model_validate(data)
    except ValidationError as exc:
        raise Invalid(
            f"{source} is not a valid report file", errors=validation_details(exc)
        ) from exc


def read_report_file(path: Path) -> ReportFile:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(f"cannot read {path}: {exc}") from exc
    try:
        data = json.loads(raw) if path.suffix == ".json" else yaml.safe_load(raw)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise Invalid(f"{path} is not well-formed {path.suffix[1:].upper()}: {exc}") from exc
    return parse_report_file(data, source=str(path))
