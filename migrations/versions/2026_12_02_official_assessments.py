"""The oversight body's assessments of recommendations (the official status). Closures become
`no_longer_relevant` assessments, and their table goes: a closure is one kind of assessment.

Revision ID: 0007
Revises: 0006
Created: 2026-12-02 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from migrations import append_only

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLOSURE = sa.table(
    "closure",
    sa.column("id", sa.Integer()),
    sa.column("recommendation_id", sa.Integer()),
    sa.column("reason", sa.String()),
    sa.column("justification", sa.Text()),
    sa.column("closed_at", sa.DateTime(timezone=True)),
    sa.column("closed_by", sa.String()),
)
ASSESSMENT = sa.table(
    "official_assessment",
    sa.column("id", sa.Integer()),
    sa.column("recommendation_id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("assessed_on", sa.Date()),
    sa.column("source_ref", sa.Text()),
    sa.column("comment", sa.Text()),
    sa.column("justification", sa.Text()),
    sa.column("recorded_at", sa.DateTime(timezone=True)),
    sa.column("recorded_by", sa.String()),
)


def _create_closure() -> None:
    op.create_table(
        "closure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_closure_recommendation_id_recommendation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closure")),
        sa.UniqueConstraint("recommendation_id", name=op.f("uq_closure_recommendation_id")),
    )
    append_only.protect("closure")


def upgrade() -> None:
    op.create_table(
        "official_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("source_ref", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_official_assessment_recommendation_id_recommendation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_official_assessment")),
    )
    op.create_index(
        op.f("ix_official_assessment_recommendation_id_assessed_on"),
        "official_assessment",
        ["recommendation_id", "assessed_on"],
    )
    # Today's closures, carried over as what they are: the oversight body's decision that the
    # recommendation is no longer relevant, in force from the day it was recorded.
    closures = op.get_bind().execute(sa.select(CLOSURE).order_by(CLOSURE.c.id)).all()
    if closures:
        op.bulk_insert(
            ASSESSMENT,
            [
                {
                    "recommendation_id": c.recommendation_id,
                    "status": "no_longer_relevant",
                    "assessed_on": c.closed_at.date(),
                    "source_ref": "",
                    "comment": "",
                    "justification": c.justification,
                    "recorded_at": c.closed_at,
                    "recorded_by": c.closed_by,
                }
                for c in closures
            ],
        )
    append_only.protect("official_assessment")
    op.drop_table("closure")


def downgrade() -> None:
    _create_closure()
    # Back to one closure per recommendation: the earliest no_longer_relevant assessment (the
    # later statuses have no place in the older schema).
    rows = (
        op.get_bind()
        .execute(
            sa.select(ASSESSMENT)
            .where(ASSESSMENT.c.status == "no_longer_relevant")
            .order_by(ASSESSMENT.c.id)
        )
        .all()
    )
    first: dict[int, sa.Row[tuple[object, ...]]] = {}
    for row in rows:
        first.setdefault(row.recommendation_id, row)
    if first:
        op.bulk_insert(
            CLOSURE,
            [
                {
                    "recommendation_id": r.recommendation_id,
                    "reason": "no_longer_relevant",
                    "justification": r.justification or "",
                    "closed_at": r.recorded_at,
                    "closed_by": r.recorded_by,
                }
                for r in first.values()
            ],
        )
    op.drop_table("official_assessment")
