"""Multilingual text in the six official UN languages."""

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints


class Language(StrEnum):
    AR = "ar"
    EN = "en"
    ES = "es"
    FR = "fr"
    RU = "ru"
    ZH = "zh"


LONG_TEXT = 20_000
TITLE_TEXT = 500


def no_nul(value: str) -> str:
    """PostgreSQL cannot store U+0000 in text, and no real text needs it."""
    if "\x00" in value:
        raise ValueError("text must not contain the NUL character (U+0000)")
    return value


NoNul = AfterValidator(no_nul)

RequiredText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=LONG_TEXT), NoNul
]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=LONG_TEXT), NoNul]
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_TEXT), NoNul
]

LocalizedText = Annotated[
    dict[
        Language,
        RequiredText,
    ],
    Field(
        min_length=1,
        description="Text by language code (ar, en, es, fr, ru, zh); at least one.",
        examples=[{"en": "Strategic plan", "zh": "战略计划"}],
    ),
]
