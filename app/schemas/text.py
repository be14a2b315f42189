"""Multilingual text in the six official UN languages."""

import re
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


# C0 control characters other than tab, line feed and carriage return: PostgreSQL cannot
# store NUL, and XLSX cannot hold any of them, so no record may contain them.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def no_nul(value: str) -> str:
    """Refuse control characters (other than tab and line breaks) in text."""
    found = CONTROL.search(value)
    if found:
        code = f"U+{ord(found.group()):04X}"
        raise ValueError(
            f"text must not contain control characters ({code}); "
            "remove them, e.g. a vertical tab pasted from a word processor"
        )
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
