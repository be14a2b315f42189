"""Multilingual text in the six official UN languages."""

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, GetCoreSchemaHandler, GetJsonSchemaHandler, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema


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


NO_CONTROL_PATTERN = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]*$"


class _NoControl:
    """Refuses control characters (no_nul) and says so in the JSON schema, as a pattern, so
    that clients and schema-driven tools know the rule before they meet a 422."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(no_nul, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        described = handler(schema)
        described["pattern"] = NO_CONTROL_PATTERN
        return described


NoNul = _NoControl()


class JsonPattern:
    """States in the JSON schema a rule a validator checks (a stricter one replaces NoNul's
    pattern), so that schema-driven tools generate only what the API accepts."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        described = handler(schema)
        described["pattern"] = self.pattern
        return described


# A query parameter compared with stored text: no control characters (PostgreSQL cannot even
# take a NUL as a parameter).
QueryText = Annotated[str, NoNul]

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
