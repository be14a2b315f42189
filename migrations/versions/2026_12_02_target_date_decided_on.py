"""The day a target-date move was decided, so a status as of a past date uses the target date
in force then, whenever the move was recorded. Earlier moves keep none: they count from the
day they were recorded.

Revision ID: 0010
Revises: 0009
Created: 2026-12-02 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migrations import append_only

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: no table rebuild, so the append-only triggers stay.
    op.add_column("target_date_change", sa.Column("decided_on", sa.Date(), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_column("target_date_change", "decided_on")
        return
    with op.batch_alter_table("target_date_change") as batch_op:
        batch_op.drop_column("decided_on")
    append_only.protect("target_date_change")  # SQLite's batch rebuild lost the triggers
