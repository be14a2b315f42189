"""Notices: what followup noticed about each recommendation (a status that moved, a progress
report or a target date falling due), each once; announced ones point to their change.

Revision ID: 0017
Revises: 0016
Created: 2026-12-04 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from migrations import append_only

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=True),
        sa.Column("noticed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["change_id"], ["change.id"], name=op.f("fk_notice_change_id_change")
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_notice_recommendation_id_recommendation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice")),
        sa.UniqueConstraint("key", name=op.f("uq_notice_key")),
    )
    op.create_index(op.f("ix_notice_recommendation_id_id"), "notice", ["recommendation_id", "id"])
    append_only.protect("notice")


def downgrade() -> None:
    append_only.unprotect("notice")
    op.drop_index(op.f("ix_notice_recommendation_id_id"), table_name="notice")
    op.drop_table("notice")
