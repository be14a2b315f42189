"""The officers' forms: what each field is, what was typed, and what the server said about it.

A form is described once (`Form`) and drawn by one template macro (`_form.html`), so that every
form labels its fields, keeps what was typed when it is refused, shows each message next to its
field (from the same `errors[]` the API's problem+json gives) and puts the focus on the first
field in error, all without JavaScript."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from pydantic import ValidationError

from app.dashboard.form_labels import FORM_WORDS
from app.dashboard.labels import UiLanguage
from app.errors import DomainError

Widget = Literal["text", "textarea", "date", "url", "select", "file", "checkboxes", "hidden"]
Values = Mapping[str, str | list[str]]

# Where an API field lives in a form, when the form flattens it (a first verdict's fields).
_FORM_FIELD = {"assessment.verdict": "verdict", "assessment.comment": "comment"}


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    widget: Widget = "text"
    required: bool = False
    # (value, label) pairs of a select or of checkboxes. A select offers an empty choice first,
    # so that nothing is chosen for anyone who did not choose (a verdict least of all).
    options: tuple[tuple[str, str], ...] = ()
    max_length: int | None = None
    multiple: bool = False
    label: str | None = None  # the words' key of its label, when not its name


@dataclass(slots=True)
class Form:
    """One form as drawn: where it posts, its fields, what was typed and what was refused."""

    action: str
    submit: str
    fields: list[Field]
    lang: UiLanguage
    csrf_token: str
    values: Values = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    form_error: str | None = None
    id: str = "form"

    @property
    def multipart(self) -> bool:
        return any(f.widget == "file" for f in self.fields)

    @property
    def first_error(self) -> str | None:
        """The field the focus goes to after a refusal."""
        return next((f.name for f in self.fields if f.name in self.errors), None)

    def label(self, name: str) -> str:
        return FORM_WORDS[self.lang].get(name, name)

    def label_of(self, described: Field) -> str:
        return self.label(described.label or described.name)

    def value(self, name: str) -> str:
        found = self.values.get(name, "")
        return found if isinstance(found, str) else (found[0] if found else "")

    def chosen(self, name: str) -> list[str]:
        found = self.values.get(name, [])
        return [found] if isinstance(found, str) else list(found)

    def refused(self, error: Exception) -> "Form":
        """This form, drawn again with the messages of a refusal."""
        self.errors, self.form_error = messages_of(error, self.lang)
        if self.form_error is None and not self.errors:
            self.form_error = str(error)
        known = {f.name for f in self.fields}
        for name in [n for n in self.errors if n not in known]:
            # A message for a field the form does not show still reaches the reader.
            extra = self.errors.pop(name)
            self.form_error = f"{self.form_error}; {extra}" if self.form_error else extra
        return self


def _form_field(location: str) -> str:
    """The form field an API field location names: `body.title` is `title`,
    `body.assessment.verdict` is `verdict`, `body.evidence_ids.2` is `evidence_ids`."""
    parts = location.split(".")
    if parts and parts[0] in ("body", "query", "form"):
        parts = parts[1:]
    while parts and parts[-1].isdigit():
        parts = parts[:-1]
    joined = ".".join(parts)
    return _FORM_FIELD.get(joined, parts[0] if parts else "")


def messages_of(error: Exception, lang: UiLanguage = "en") -> tuple[dict[str, str], str | None]:
    """Messages by form field, and the message for the form as a whole, of a refusal (the
    commonest checks said in the page's language; others as the API says them)."""
    by_field: dict[str, str] = {}
    if isinstance(error, ValidationError):
        said = FORM_WORDS[lang]
        for e in error.errors():
            name = _form_field(".".join(str(p) for p in e["loc"]))
            message = said.get(f"error_{e['type']}") or str(e["msg"]).removeprefix("Value error, ")
            by_field.setdefault(name, message)
        return by_field, by_field.pop("", None)
    if isinstance(error, DomainError):
        for detail in error.errors:
            name = _form_field(detail.field or "")
            by_field.setdefault(name, detail.message)
        whole = by_field.pop("", None)
        return by_field, whole if whole is not None or by_field else error.detail
    return by_field, str(error)


def form_values(pairs: Iterable[tuple[str, object]]) -> dict[str, str | list[str]]:
    """Text fields of a submitted form, repeated names as lists (files left out)."""
    values: dict[str, str | list[str]] = {}
    for name, value in pairs:
        if not isinstance(value, str):
            continue
        held = values.get(name)
        if held is None:
            values[name] = value
        elif isinstance(held, list):
            held.append(value)
        else:
            values[name] = [held, value]
    return values


def optional(values: Values, name: str) -> str | None:
    """A text field's value, None when left empty."""
    found = values.get(name)
    if isinstance(found, list):
        found = found[0] if found else None
    return found.strip() or None if isinstance(found, str) else None


def chosen(values: Values, name: str) -> list[str]:
    found = values.get(name, [])
    return [found] if isinstance(found, str) else list(found)
