"""Entities and oversight bodies as records (each report names one of each, by a foreign key
on the names it already held), and tokens scoped to entities and reports. Attached files join
the record's append-only tables.

Revision ID: 0015
Revises: 0014
Created: 2026-12-03 14:20:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

from migrations import append_only

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAME = sqlmodel.sql.sqltypes.AutoString(length=100)
_FILES = ("attachment_content", "attachment_chunk", "evidence_attachment")


def upgrade() -> None:
    for table in ("entity", "oversight_body"):
        op.create_table(
            table,
            sa.Column("name", _NAME, nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("name", name=op.f(f"pk_{table}")),
        )
    bind = op.get_bind()
    now = datetime.now(UTC)
    if bind.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)  # stored as naive UTC, as UTCDateTime does
    for table, column in (("entity", "entity"), ("oversight_body", "oversight_body")):
        names = bind.execute(sa.text(f"SELECT DISTINCT {column} FROM report")).scalars().all()
        if names:
            bind.execute(
                sa.text(f"INSERT INTO {table} (name, created_at) VALUES (:name, :now)"),
                [{"name": name, "now": now} for name in names],
            )
    with op.batch_alter_table("report") as batch_op:
        batch_op.create_foreign_key(op.f("fk_report_entity_entity"), "entity", ["entity"], ["name"])
        batch_op.create_foreign_key(
            op.f("fk_report_oversight_body_oversight_body"),
            "oversight_body",
            ["oversight_body"],
            ["name"],
        )
        batch_op.create_index(op.f("ix_report_entity"), ["entity"])
        batch_op.create_index(op.f("ix_report_oversight_body"), ["oversight_body"])
    for column in ("scope_entities", "scope_reports"):
        op.add_column(
            "api_token", sa.Column(column, sa.JSON(), server_default="[]", nullable=False)
        )
    for table in _FILES:
        append_only.protect(table)


def downgrade() -> None:
    for table in _FILES:
        append_only.unprotect(table)
    with op.batch_alter_table("api_token") as batch_op:
        batch_op.drop_column("scope_reports")
        batch_op.drop_column("scope_entities")
    with op.batch_alter_table("report") as batch_op:
        batch_op.drop_index(op.f("ix_report_oversight_body"))
        batch_op.drop_index(op.f("ix_report_entity"))
        batch_op.drop_constraint(
            op.f("fk_report_oversight_body_oversight_body"), type_="foreignkey"
        )
        batch_op.drop_constraint(op.f("fk_report_entity_entity"), type_="foreignkey")
    op.drop_table("oversight_body")
    op.drop_table("entity")
