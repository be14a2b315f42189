"""Dashboard sign-ins held on the server: the browser's cookie carries a random session id
(only its hash is stored here), no longer the API token itself.

Revision ID: 0012
Revises: 0011
Created: 2026-12-03 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "browser_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("token_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["token_id"], ["api_token.id"], name=op.f("fk_browser_session_token_id_api_token")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_browser_session")),
        sa.UniqueConstraint("session_hash", name=op.f("uq_browser_session_session_hash")),
    )
    op.create_index(op.f("ix_browser_session_token_id"), "browser_session", ["token_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_browser_session_token_id"), table_name="browser_session")
    op.drop_table("browser_session")
