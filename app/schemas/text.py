"""Multilingual text in the six official UN languages."""

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints


class Language(StrEnum):
    AR = "ar"
    EN = "en"
    ES = "es"
    FR = "fr"
    RU = "ru"
    ZH = "zh"


LONG_TEXT = 20_000
TITLE_TEXT = 500

RequiredText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=LONG_TEXT)
]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=LONG_TEXT)]
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_TEXT)
]
Actor = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]

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
