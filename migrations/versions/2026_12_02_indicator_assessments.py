"""Evaluators' judgements of indicators as a whole.

Revision ID: 0009
Revises: 0008
Created: 2026-12-02 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from migrations import append_only

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "indicator_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("evidence_ids", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_assessment_indicator_id_indicator"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_assessment")),
    )
    op.create_index(
        op.f("ix_indicator_assessment_indicator_id_assessed_on"),
        "indicator_assessment",
        ["indicator_id", "assessed_on"],
    )
    append_only.protect("indicator_assessment")


def downgrade() -> None:
    op.drop_table("indicator_assessment")
