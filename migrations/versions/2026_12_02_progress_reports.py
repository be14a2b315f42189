"""The entity's progress reports on recommendations, and each report's reporting cycle (how
often progress is due, in months from the issue date; 6 unless its file says otherwise).

Revision ID: 0008
Revises: 0007
Created: 2026-12-02 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from migrations import append_only

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "progress_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("expected_completion_on", sa.Date(), nullable=True),
        sa.Column("evidence_ids", sa.JSON(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_progress_report_recommendation_id_recommendation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_report")),
    )
    op.create_index(
        op.f("ix_progress_report_recommendation_id_reported_on"),
        "progress_report",
        ["recommendation_id", "reported_on"],
    )
    append_only.protect("progress_report")
    # A plain ADD COLUMN (no table rebuild), so the report table keeps everything it has.
    op.add_column(
        "report",
        sa.Column("reporting_cycle_months", sa.Integer(), server_default="6", nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("report") as batch_op:
        batch_op.drop_column("reporting_cycle_months")
    op.drop_table("progress_report")
