"""Performance indicators as read over the API."""

from pydantic import BaseModel


class IndicatorRead(BaseModel):
    id: int
    recommendation_id: int
    report_id: int
    label: str
    code: str
    text: dict[str, str]
    source_ref: str
