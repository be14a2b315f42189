"""The names writes are attributed to (token names): what one may be, and when two are too
alike to tell apart in an audit log. Pure: no database."""

import unicodedata

# Names the service itself shows as an author.
RESERVED = frozenset({"anonymous", "system"})
# Scripts whose letters pass for one another (Latin a, Cyrillic U+0430, Greek U+03B1): a
# name may use one of them, never two. Names in other scripts (中文, العربية) may add Latin.
LOOKALIKE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC"})


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


def normal_name(name: str) -> str:
    """The name as it is recorded: NFKC (full-width and compatibility forms folded), trimmed.
    ValueError for what an audit log could not show honestly: control, format (bidi, zero
    width) and separator characters, letters of two look-alike scripts, a reserved name."""
    normal = unicodedata.normalize("NFKC", name).strip()
    for char in normal:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"):
            raise ValueError(
                f"a name must not contain invisible or control characters (U+{ord(char):04X})"
            )
    scripts = {_script(c) for c in normal if c.isalpha()} & LOOKALIKE_SCRIPTS
    if len(scripts) > 1:
        raise ValueError(
            f"a name must not mix {' and '.join(sorted(s.title() for s in scripts))} letters, "
            "which look alike"
        )
    if normal.casefold() in RESERVED:
        raise ValueError(f"{normal!r} is reserved: the service shows it as an author")
    return normal


def skeleton(name: str) -> str:
    """What a name looks like: case, dashes and spaces of every kind folded, so that
    "p\u2010evaluator" (a Unicode hyphen) and "P-Evaluator" are one name to a reader."""
    folded = []
    for char in unicodedata.normalize("NFKC", name).casefold():
        category = unicodedata.category(char)
        if category == "Pd":
            folded.append("-")
        elif category.startswith("Z"):
            folded.append(" ")
        else:
            folded.append(char)
    return " ".join("".join(folded).split())
