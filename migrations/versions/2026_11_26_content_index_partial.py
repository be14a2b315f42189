"""Evidence indexed by content only where it has no external id: only such items are ever
looked up by content, and an import then no longer maintains a random-ordered key per row.

Revision ID: 0005
Revises: 0004
Created: 2026-11-26 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_evidence_report_id_content_hash"
WITHOUT_EXTERNAL_ID = sa.text("external_id IS NULL")


def upgrade() -> None:
    op.drop_index(op.f(INDEX), table_name="evidence")
    op.create_index(
        op.f(INDEX),
        "evidence",
        ["report_id", "content_hash"],
        sqlite_where=WITHOUT_EXTERNAL_ID,
        postgresql_where=WITHOUT_EXTERNAL_ID,
    )


def downgrade() -> None:
    op.drop_index(op.f(INDEX), table_name="evidence")
    op.create_index(op.f(INDEX), "evidence", ["report_id", "content_hash"])
