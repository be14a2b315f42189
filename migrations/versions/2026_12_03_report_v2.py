"""Report files v2: the entity's general comments on a report, the precision of its issue date,
the languages that are translations, and caveats as records (each with where it is written and
what it qualifies).

Caveats stored before were their texts alone; each becomes a record holding the same text,
with no source and nothing it qualifies in particular. The text is not changed, so this
rewrite of the append-only response table changes its form, not what was recorded.

Revision ID: 0013
Revises: 0012
Created: 2026-12-03 11:00:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from migrations import append_only

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_response = sa.table("response", sa.column("id", sa.Integer()), sa.column("caveats", sa.JSON()))


def _rewrite(convert: Any) -> None:
    bind = op.get_bind()
    append_only.unprotect("response")
    rows = bind.execute(sa.select(_response.c.id, _response.c.caveats)).all()
    for row_id, caveats in rows:
        new = [convert(c) for c in caveats or []]
        if new != (caveats or []):
            bind.execute(_response.update().where(_response.c.id == row_id).values(caveats=new))
    append_only.protect("response")


def _as_record(caveat: dict[str, Any]) -> dict[str, Any]:
    if "text" in caveat and isinstance(caveat["text"], dict):
        return caveat
    return {"text": caveat, "source_ref": "", "applies_to": None}


def _as_text(caveat: dict[str, Any]) -> dict[str, Any]:
    text = caveat.get("text")
    return text if isinstance(text, dict) else caveat


def upgrade() -> None:
    # Plain ADD COLUMNs: no table rebuild.
    op.add_column(
        "report",
        sa.Column(
            "issued_on_precision", sa.String(length=10), server_default="day", nullable=False
        ),
    )
    for name in ("management_comments", "unofficial_languages"):
        op.add_column("report", sa.Column(name, sa.JSON(), server_default="[]", nullable=False))
    _rewrite(_as_record)


def downgrade() -> None:
    _rewrite(_as_text)
    with op.batch_alter_table("report") as batch_op:
        batch_op.drop_column("unofficial_languages")
        batch_op.drop_column("management_comments")
        batch_op.drop_column("issued_on_precision")
