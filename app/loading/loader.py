"""Upserting a report file by natural keys: loading the same file twice changes nothing."""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.clock import utcnow
from app.db import begin_write
from app.errors import Conflict, ErrorDetail, Invalid
from app.loading.document import RecommendationDoc, ReportDoc, ReportFile, ResponseDoc
from app.models import Indicator, Recommendation, Report, Response
from app.services.changes import record_change
from app.services.responses import add_response


@dataclass
class LoadOutcome:
    """What a load did, by kind of record."""

    report_code: str
    report_id: int
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], kind: str) -> None:
        bucket[kind] = bucket.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _text(value: dict[Any, str]) -> dict[str, str]:
    return {str(k): v for k, v in value.items()}


def _apply(row: Any, values: dict[str, Any]) -> bool:
    """Set the values that differ; say whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _report_values(doc: ReportDoc) -> dict[str, Any]:
    return {
        "symbol": doc.symbol,
        "title": _text(doc.title),
        "oversight_body": doc.oversight_body,
        "entity": doc.entity,
        "issued_on": doc.issued_on,
        "period_start": doc.period.start,
        "period_end": doc.period.end,
        "scope": [_text(s) for s in doc.scope],
        "source_ref": doc.source_ref,
    }


def _response_row(doc: ResponseDoc, recommendation_id: int, actor: str) -> Response:
    return Response(
        recommendation_id=recommendation_id,
        acceptance=doc.acceptance,
        text=_text(doc.text),
        caveats=[_text(c) for c in doc.caveats],
        justification=doc.justification or None,
        responded_on=doc.responded_on,
        source_ref=doc.source_ref,
        recorded_at=utcnow(),
        recorded_by=actor,
    )


def _same_response(row: Response, new: Response) -> bool:
    fields = ("acceptance", "text", "caveats", "justification", "responded_on", "source_ref")
    return all(getattr(row, f) == getattr(new, f) for f in fields)


def _load_recommendation(
    session: Session,
    report: Report,
    doc: RecommendationDoc,
    outcome: LoadOutcome,
    *,
    actor: str,
    where: str,
) -> None:
    assert report.id is not None
    now = utcnow()
    code = doc.natural_code
    rec = session.exec(
        select(Recommendation).where(
            Recommendation.report_id == report.id, Recommendation.code == code
        )
    ).first()
    values = {
        "number": doc.number,
        "text": _text(doc.text),
        "priority": doc.priority,
        "source_ref": doc.source_ref,
    }
    if rec is None:
        rec = Recommendation(
            report_id=report.id,
            code=code,
            number=doc.number,
            text=_text(doc.text),
            priority=doc.priority,
            original_target_date=doc.original_target_date,
            current_target_date=doc.original_target_date,
            source_ref=doc.source_ref,
            created_at=now,
            updated_at=now,
        )
        session.add(rec)
        outcome.count(outcome.created, "recommendations")
    else:
        if doc.original_target_date != rec.original_target_date:
            # The original date is the yardstick of `overdue_against_original` at every past
            # moment: rewriting it would rewrite history. Moves go through target-date changes.
            message = (
                f"{code}'s original target date is {rec.original_target_date} and a report "
                "file cannot change it; record a target-date change instead"
            )
            raise Invalid(
                message,
                errors=[ErrorDetail(message=message, field=f"{where}.original_target_date")],
            )
        if _apply(rec, values):
            rec.updated_at = now
            session.add(rec)
            outcome.count(outcome.updated, "recommendations")
    session.flush()
    assert rec.id is not None

    for ind_doc in doc.indicators:
        ind_code = f"{code}.{ind_doc.label}"
        ind_values = {"text": _text(ind_doc.text), "source_ref": ind_doc.source_ref}
        indicator = session.exec(
            select(Indicator).where(Indicator.report_id == report.id, Indicator.code == ind_code)
        ).first()
        if indicator is None:
            indicator = Indicator(
                recommendation_id=rec.id,
                report_id=report.id,
                label=ind_doc.label,
                code=ind_code,
                text=_text(ind_doc.text),
                source_ref=ind_doc.source_ref,
                created_at=now,
            )
            session.add(indicator)
            outcome.count(outcome.created, "indicators")
        elif _apply(indicator, ind_values):
            session.add(indicator)
            outcome.count(outcome.updated, "indicators")

    if doc.response is not None:
        new = _response_row(doc.response, rec.id, actor)
        versions = session.exec(select(Response).where(Response.recommendation_id == rec.id)).all()
        # A response the file already gave once is not given again: re-loading an unchanged
        # file must not undo a newer response recorded through the API.
        if not any(_same_response(v, new) for v in versions):
            add_response(session, rec, new)
            outcome.count(outcome.updated if versions else outcome.created, "responses")
    session.flush()


def load_report(session: Session, document: ReportFile, *, actor: str) -> LoadOutcome:
    """Create or update a report and everything under it, in one transaction.

    Records missing from the file are kept: a report file adds and amends, it never deletes.
    """
    begin_write(session)
    doc = document.report
    now = utcnow()
    report = session.exec(select(Report).where(Report.code == doc.code)).first()
    what: str | None = None
    if report is None:
        report = Report(code=doc.code, created_at=now, updated_at=now, **_report_values(doc))
        session.add(report)
        what = "created"
    elif _apply(report, _report_values(doc)):
        report.updated_at = now
        session.add(report)
        what = "updated"
    session.flush()
    assert report.id is not None
    outcome = LoadOutcome(report_code=report.code, report_id=report.id)
    if what is not None:
        outcome.count(outcome.created if what == "created" else outcome.updated, "reports")

    try:
        for n, rec_doc in enumerate(doc.recommendations):
            where = f"report.recommendations.{n}"
            _load_recommendation(session, report, rec_doc, outcome, actor=actor, where=where)
    except IntegrityError as exc:  # e.g. two recommendations swapping numbers
        session.rollback()
        raise Conflict(
            f"report {doc.code}: the file clashes with the stored report ({exc.orig}); "
            "recommendation numbers and codes cannot be swapped by a load"
        ) from exc
    except Invalid:
        session.rollback()
        raise

    if outcome.changed:
        record_change(
            session,
            at=now,
            actor=actor,
            kind="report_loaded",
            entity="report",
            entity_id=report.id,
            report_id=report.id,
            data={
                "before": None,
                "after": {"created": outcome.created, "updated": outcome.updated},
            },
        )
    session.commit()
    return outcome
