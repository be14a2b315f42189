"""Entities and oversight bodies, as listed."""

from pydantic import BaseModel, Field


class OrganisationRead(BaseModel):
    name: str = Field(description="As report files name it (e.g. UNODC, OIOS).")
    reports: int = Field(description="Reports naming it (of those your token reaches).")
