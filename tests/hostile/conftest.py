"""Fixtures of the hostile-input tests."""

from tests.evidence_sheets.conftest import record

__all__ = ["record"]
