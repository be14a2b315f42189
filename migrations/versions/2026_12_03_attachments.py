"""Files attached to evidence: contents stored once per SHA-256, in chunks, in the database;
links from evidence items to contents, only ever added.

Revision ID: 0014
Revises: 0013
Created: 2026-12-03 13:34:23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_HASH = sqlmodel.sql.sqltypes.AutoString(length=64)


def upgrade() -> None:
    op.create_table(
        "attachment_content",
        sa.Column("sha256", _HASH, nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("chunks", sa.Integer(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stored_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_attachment_content")),
    )
    op.create_table(
        "attachment_chunk",
        sa.Column("sha256", _HASH, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["attachment_content.sha256"],
            name=op.f("fk_attachment_chunk_sha256_attachment_content"),
        ),
        sa.PrimaryKeyConstraint("sha256", "seq", name=op.f("pk_attachment_chunk")),
    )
    op.create_table(
        "evidence_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("sha256", _HASH, nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_evidence_attachment_evidence_id_evidence"),
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["attachment_content.sha256"],
            name=op.f("fk_evidence_attachment_sha256_attachment_content"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_attachment")),
        sa.UniqueConstraint(
            "evidence_id", "sha256", name=op.f("uq_evidence_attachment_evidence_id_sha256")
        ),
    )
    op.create_index(
        op.f("ix_evidence_attachment_sha256_id"), "evidence_attachment", ["sha256", "id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_evidence_attachment_sha256_id"), table_name="evidence_attachment")
    op.drop_table("evidence_attachment")
    op.drop_table("attachment_chunk")
    op.drop_table("attachment_content")
