"""The days a record may speak for."""

from datetime import date
from typing import Annotated

from pydantic import Field

from app.moments import FIRST_DAY, LAST_DAY
from app.schemas.text import JsonPattern

# Years 1900 to 9999 (FIRST_DAY to LAST_DAY), as a pattern: JSON Schema cannot bound a
# `format: date`, and without it schema-driven tools take year 0368 for a valid day.
YEARS_FROM_1900 = r"^(19[0-9]{2}|[2-9][0-9]{3})-[0-9]{2}-[0-9]{2}$"

# A day a record speaks for (evidence, an assessment, a response, a target date, ...).
RecordDate = Annotated[
    date,
    Field(
        ge=FIRST_DAY,
        le=LAST_DAY,
        description=f"A date from {FIRST_DAY} to {LAST_DAY}.",
    ),
    JsonPattern(YEARS_FROM_1900),
]
