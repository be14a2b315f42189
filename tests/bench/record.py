"""docs/benchmarks.md: the SQLite run's table and the PostgreSQL run's section, each rewritten
by its own run and leaving the other's in place."""

from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "benchmarks.md"
POSTGRES = "## PostgreSQL"


def _parts() -> tuple[str, str]:
    """What the file holds before the PostgreSQL section, and that section."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    at = text.find(f"\n{POSTGRES}")
    if at < 0:
        return text, ""
    return text[:at], text[at + 1 :]


def record_sqlite(text: str) -> None:
    """The page's head and the SQLite table; the PostgreSQL section kept as it was."""
    _, postgres = _parts()
    _write(text, postgres)


def record_postgres(section: str) -> None:
    """The PostgreSQL section (starting with its heading); the rest kept as it was."""
    assert section.startswith(POSTGRES)
    head, _ = _parts()
    _write(head, section)


def _write(head: str, postgres: str) -> None:
    parts = [part.strip("\n") for part in (head, postgres) if part.strip()]
    DOC.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
