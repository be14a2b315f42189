"""Evidence of a recommendation itself: every item names its recommendation, and an item with
no indicator speaks for the recommendation as a whole (JIU and audit recommendations usually
have no indicators).

Revision ID: 0011
Revises: 0010
Created: 2026-12-02 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migrations import append_only

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTENT_INDEX = "ix_evidence_report_id_content_hash"
WITHOUT_EXTERNAL_ID = sa.text("external_id IS NULL")
FOREIGN_KEY = "fk_evidence_recommendation_id_recommendation"
BY_RECOMMENDATION = "ix_evidence_recommendation_id_recorded_at"


def _partial_content_index() -> None:
    op.create_index(
        op.f(CONTENT_INDEX),
        "evidence",
        ["report_id", "content_hash"],
        sqlite_where=WITHOUT_EXTERNAL_ID,
        postgresql_where=WITHOUT_EXTERNAL_ID,
    )


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # The one UPDATE the evidence table will ever see: filling in what each row already implies.
    append_only.unprotect("evidence")
    op.add_column("evidence", sa.Column("recommendation_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE evidence SET recommendation_id = "
        "(SELECT recommendation_id FROM indicator WHERE indicator.id = evidence.indicator_id)"
    )
    if sqlite:
        # A rebuild of the table: its partial index is made again by hand, as it was.
        op.drop_index(op.f(CONTENT_INDEX), table_name="evidence")
        with op.batch_alter_table("evidence") as batch_op:
            batch_op.alter_column("recommendation_id", nullable=False)
            batch_op.alter_column("indicator_id", nullable=True)
            batch_op.create_foreign_key(
                op.f(FOREIGN_KEY), "recommendation", ["recommendation_id"], ["id"]
            )
        _partial_content_index()
    else:
        op.alter_column("evidence", "recommendation_id", nullable=False)
        op.alter_column("evidence", "indicator_id", nullable=True)
        op.create_foreign_key(
            op.f(FOREIGN_KEY), "evidence", "recommendation", ["recommendation_id"], ["id"]
        )
    op.create_index(op.f(BY_RECOMMENDATION), "evidence", ["recommendation_id", "recorded_at"])
    append_only.protect("evidence")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    append_only.unprotect("evidence")
    # Evidence of recommendations themselves has no place in the older schema.
    op.execute(
        "DELETE FROM assessment WHERE evidence_id IN "
        "(SELECT id FROM evidence WHERE indicator_id IS NULL)"
    )
    op.execute(
        "DELETE FROM withdrawal WHERE evidence_id IN "
        "(SELECT id FROM evidence WHERE indicator_id IS NULL)"
    )
    op.execute("DELETE FROM evidence WHERE indicator_id IS NULL")
    op.drop_index(op.f(BY_RECOMMENDATION), table_name="evidence")
    if sqlite:
        op.drop_index(op.f(CONTENT_INDEX), table_name="evidence")
        with op.batch_alter_table("evidence") as batch_op:
            batch_op.drop_constraint(op.f(FOREIGN_KEY), type_="foreignkey")
            batch_op.drop_column("recommendation_id")
            batch_op.alter_column("indicator_id", nullable=False)
        _partial_content_index()
    else:
        op.drop_constraint(op.f(FOREIGN_KEY), "evidence", type_="foreignkey")
        op.drop_column("evidence", "recommendation_id")
        op.alter_column("evidence", "indicator_id", nullable=False)
    append_only.protect("evidence")
