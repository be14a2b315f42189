"""Names writes are attributed to (issue 13, finding 9): recorded in NFKC, without invisible
characters, never a mix of look-alike scripts, a reserved name or the look-alike of an active
name, so that no author can pass for another in the audit log."""

import pytest
from fastapi.testclient import TestClient

from app.access.names import normal_name, skeleton
from tests.assertions import assert_problem


def full_width(text: str) -> str:
    """ASCII letters and punctuation as their full-width forms (as East Asian input gives)."""
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


@pytest.mark.parametrize(
    ("given", "recorded"),
    [
        (full_width("unodc.focal"), "unodc.focal"),  # full-width forms fold
        ("  王芳 (UNODC)  ", "王芳 (UNODC)"),
        ("Jean-Étienne", "Jean-Étienne"),
    ],
)
def test_a_name_is_recorded_in_its_normal_form(given: str, recorded: str) -> None:
    assert normal_name(given) == recorded


@pytest.mark.parametrize(
    "given",
    [
        "eval\u202euator",  # right-to-left override
        "eval\u200buator",  # zero-width space
        "p\u0430ssword-admin",  # a Cyrillic a among Latin letters
        "Anonymous",
        "system",
    ],
)
def test_a_name_that_could_deceive_is_refused(given: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        normal_name(given)


def test_names_that_read_alike_have_one_skeleton() -> None:
    assert skeleton("p\u2010evaluator") == skeleton("P-Evaluator") == "p-evaluator"
    assert skeleton("a\u00a0b") == skeleton("a b")
    assert skeleton("unodc.focal") != skeleton("unodc.focal2")


def test_the_api_refuses_a_deceiving_or_look_alike_token_name(
    client: TestClient, seeded: int
) -> None:
    made = client.post("/api/v1/tokens", json={"name": "p-evaluator", "role": "evaluator"})
    assert made.status_code == 201, made.text
    assert_problem(
        client.post("/api/v1/tokens", json={"name": "p\u2010evaluator", "role": "evaluator"}),
        409,
    )
    assert_problem(
        client.post("/api/v1/tokens", json={"name": "anonymous", "role": "viewer"}),
        422,
        "body.name",
    )
    wide = client.post("/api/v1/tokens", json={"name": full_width("focal"), "role": "viewer"})
    assert wide.status_code == 201, wide.text
    assert wide.json()["name"] == "focal"
