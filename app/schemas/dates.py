"""The days a record may speak for."""

from datetime import date
from typing import Annotated

from pydantic import Field

from app.moments import FIRST_DAY, LAST_DAY

# A day a record speaks for (evidence, an assessment, a response, a target date, ...).
RecordDate = Annotated[
    date,
    Field(
        ge=FIRST_DAY,
        le=LAST_DAY,
        description=f"A date from {FIRST_DAY} to {LAST_DAY}.",
    ),
]
