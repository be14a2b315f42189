"""Data versions: one counter per report (and one for everything), bumped by every write, so
that readers learn of changes without scanning the record.

Revision ID: 0003
Revises: 0002
Created: 2026-11-26 08:39:17.535199
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )


def downgrade() -> None:
    op.drop_table("data_version")
