"""Choosing which language of a multilingual text to show, and saying what was chosen: a
translation that is not the oversight body's own text is marked as unofficial wherever it is
shown, and a text missing in the reader's language is shown in its original."""

from collections.abc import Iterable
from dataclasses import dataclass

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")


@dataclass(frozen=True)
class Shown:
    """A text as shown: in which language (None: not known, e.g. a narrative as typed),
    whether that is an unofficial translation, and whether the reader's language was
    missing."""

    text: str
    language: str | None
    unofficial: bool = False
    fallback: bool = False


class TextChooser:
    """Shows texts in one reader's language, else in the original (a language that is not a
    translation), remembering what it had to do so that a page can say so once."""

    def __init__(self, language: str, unofficial: Iterable[str] = ()) -> None:
        self.language = language
        self.unofficial = set(unofficial)
        self.used_unofficial: set[str] = set()
        self.fell_back = False

    def show(self, text: dict[str, str]) -> Shown:
        if not text:
            return Shown(text="", language=None)
        if self.language in text:
            chosen, fallback = self.language, False
        else:
            known = [lang for lang in LANGUAGES if lang in text] or list(text)
            originals = [lang for lang in known if lang not in self.unofficial]
            chosen, fallback = (originals or known)[0], True
            self.fell_back = True
        unofficial = chosen in self.unofficial
        if unofficial:
            self.used_unofficial.add(chosen)
        return Shown(text=text[chosen], language=chosen, unofficial=unofficial, fallback=fallback)
