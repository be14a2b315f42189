"""The change log indexed by entity: a follow-up action's states over time are read from its
change-log entries (the action's row holds only the latest), for the status as of any moment.

Revision ID: 0006
Revises: 0005
Created: 2026-12-02 17:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_change_entity_entity_id"), "change", ["entity", "entity_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_change_entity_entity_id"), table_name="change")
