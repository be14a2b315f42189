"""Evidence indexed by (import_id, id): an import reads back the rows of each batch it wrote
as one index range, instead of searching every row the import wrote so far.

Revision ID: 0004
Revises: 0003
Created: 2026-11-26 11:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_evidence_import_id_id"), "evidence", ["import_id", "id"])
    op.drop_index(op.f("ix_evidence_import_id"), table_name="evidence")


def downgrade() -> None:
    op.create_index(op.f("ix_evidence_import_id"), "evidence", ["import_id"])
    op.drop_index(op.f("ix_evidence_import_id_id"), table_name="evidence")
