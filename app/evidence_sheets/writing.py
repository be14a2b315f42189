"""Writing an import's decided rows, batch by batch, in the import's transaction."""

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select as select_columns
from sqlmodel import Session, SQLModel

from app.compliance.vocabulary import Verdict
from app.evidence_sheets.bulk import BulkInsert
from app.evidence_sheets.matching import Decision, RowEffect
from app.models import Assessment, Evidence, EvidenceImport

EVIDENCE = SQLModel.metadata.tables[Evidence.__tablename__]
ASSESSMENT = SQLModel.metadata.tables[Assessment.__tablename__]
# What each row gives; the rest is the import's own (report, import, moment, author).
EVIDENCE_VARYING = (
    "recommendation_id",
    "indicator_id",
    "title",
    "description",
    "source_url",
    "document_symbol",
    "effective_on",
    "external_id",
    "revision",
    "supersedes_id",
    "content_hash",
)


_WRITTEN = select_columns(EVIDENCE.c.id, EVIDENCE.c.external_id, EVIDENCE.c.supersedes_id).where(
    EVIDENCE.c.import_id == bindparam("import_id"), EVIDENCE.c.id > bindparam("after")
)


class ImportWriter:
    def __init__(
        self,
        session: Session,
        record: EvidenceImport,
        *,
        report_id: int,
        now: datetime,
        actor: str,
    ) -> None:
        assert record.id is not None
        self.session = session
        self.import_id = record.id
        self.last_id = 0  # the largest evidence id this import has written so far
        connection = session.connection()
        self.evidence = BulkInsert(
            connection,
            EVIDENCE,
            EVIDENCE_VARYING,
            {
                "report_id": report_id,
                "import_id": record.id,
                "recorded_at": now,
                "recorded_by": actor,
            },
        )
        self.assessments = BulkInsert(
            connection,
            ASSESSMENT,
            ("evidence_id", "verdict", "comment"),
            {"assessed_at": now, "assessed_by": actor},
        )

    def write(self, decisions: list[Decision]) -> None:
        """New items and corrections, then the verdicts of new items and of re-assessed ones."""
        new = [d for d in decisions if d.step in (RowEffect.CREATE, RowEffect.SUPERSEDE)]
        ids = self._insert(new) if new else []
        verdicts: list[tuple[int, Verdict | None, str]] = [
            (evidence_id, d.draft.verdict, d.draft.comment)
            for evidence_id, d in zip(ids, new, strict=True)
            if d.draft.verdict is not None
        ]
        verdicts += [
            (d.prior.id, d.draft.verdict, d.draft.comment)
            for d in decisions
            if d.step is RowEffect.ASSESS and d.prior is not None
        ]
        self.assessments.execute(verdicts)

    def _insert(self, new: list[Decision]) -> list[int]:
        """Insert the items; their new ids, in order.

        The driver's executemany (see bulk), not the ORM and not RETURNING (several times
        slower). The new ids are then read back as one range: every id this batch got is above
        those of the import's earlier batches (SQLite under the write lock, and PostgreSQL's
        sequence, only hand out larger ids), so (import_id, id > last) is this batch."""
        self.evidence.execute(_evidence_row(d) for d in new)
        # New items are found by their external id, corrections by what they supersede.
        written = self.session.connection().execute(
            _WRITTEN, {"import_id": self.import_id, "after": self.last_id}
        )
        created: dict[object, int] = {
            ("supersedes", supersedes_id) if supersedes_id else external_id: ev_id
            for ev_id, external_id, supersedes_id in written.all()  # all: one fetch, not many
        }
        self.last_id = max(created.values(), default=self.last_id)
        return [
            created[("supersedes", d.prior.id) if d.prior else d.draft.external_id] for d in new
        ]


def _evidence_row(decision: Decision) -> tuple[Any, ...]:
    """The row's EVIDENCE_VARYING values."""
    draft, prior = decision.draft, decision.prior
    return (
        decision.target.recommendation_id,
        decision.target.indicator_id,
        draft.title,
        draft.description,
        draft.source_url,
        draft.document_symbol,
        draft.effective_on,
        # A correction keeps the external id of what it corrects (possibly none).
        prior.external_id if prior else draft.external_id,
        prior.revision + 1 if prior else 1,
        prior.id if prior else None,
        draft.content_hash,
    )
