"""Search across the record: what matched, where, and how to fetch it."""

from enum import StrEnum

from pydantic import BaseModel, Field


class SearchKind(StrEnum):
    REPORT = "report"
    RECOMMENDATION = "recommendation"
    INDICATOR = "indicator"
    EVIDENCE = "evidence"


class SearchHit(BaseModel):
    kind: SearchKind
    id: int
    report: str = Field(description="The code of the report it belongs to.")
    code: str = Field(description="Its code (a report's, R1, R1.a), or an evidence item's title.")
    text: str = Field(description="The text that matched (up to 300 characters).")
    language: str | None = Field(description="The language of that text, when it has one.")
    url: str = Field(description="Where the API gives it.")


class SearchResults(BaseModel):
    query: str
    items: list[SearchHit]
    more: bool = Field(description="More matched than the limit: narrow the query.")
