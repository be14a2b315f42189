"""Upserting a report file by natural keys: loading the same file twice changes nothing."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, select

from app.errors import Conflict, ErrorDetail, Invalid
from app.models import Entity, Indicator, OversightBody, Recommendation, Report, Response
from app.report_files.document import RecommendationDoc, ReportDoc, ReportFile, ResponseDoc
from app.services.responses import add_response, checked_caveats
from app.writes.unit_of_work import UnitOfWork


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


def _plain_keys(value: dict[Any, str]) -> dict[str, str]:
    """Texts by language, keyed by plain strings as the database stores them."""
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
    issued_on, precision = doc.issue_date
    return {
        "symbol": doc.symbol,
        "title": _plain_keys(doc.title),
        "oversight_body": doc.oversight_body,
        "entity": doc.entity,
        "issued_on": issued_on,
        "issued_on_precision": precision,
        "reporting_cycle_months": doc.reporting_cycle_months,
        "period_start": doc.period.start,
        "period_end": doc.period.end,
        "scope": [_plain_keys(s) for s in doc.scope],
        "source_ref": doc.source_ref,
        "management_comments": [
            {
                "text": _plain_keys(c.text),
                "source_ref": c.source_ref,
                "recommendations": c.recommendations,
            }
            for c in doc.management_comments
        ],
        "unofficial_languages": [str(lang) for lang in doc.unofficial_languages],
    }


def _check_comments(unit: UnitOfWork, report: Report, doc: ReportDoc) -> None:
    """Each recommendation a general comment names is one of the report's."""
    codes = set(
        unit.session.exec(
            select(Recommendation.code).where(Recommendation.report_id == report.id)
        ).all()
    )
    errors = [
        ErrorDetail(
            message=f"{code} is not a recommendation of report {doc.code}",
            field=f"report.management_comments.{n}.recommendations.{k}",
        )
        for n, comment in enumerate(doc.management_comments)
        for k, code in enumerate(comment.recommendations or ())
        if code not in codes
    ]
    if errors:
        raise Invalid(
            "a management comment names a recommendation the report does not have", errors=errors
        )


def _response_row(
    doc: ResponseDoc,
    rec: Recommendation,
    issued_on: date | None,
    unit: UnitOfWork,
    where: str,
) -> Response:
    """A response as the file gives it. One printed in the report (its annex, as OIOS and the
    JIU publish management's comments) was given by the issue date: it speaks for that day
    unless the file says otherwise, so the status as of any day since counts it."""
    assert rec.id is not None
    return Response(
        recommendation_id=rec.id,
        acceptance=doc.acceptance,
        text=_plain_keys(doc.text),
        caveats=checked_caveats(unit.session, rec, doc.caveat_records(), where),
        justification=doc.justification or None,
        responded_on=doc.responded_on or issued_on,
        source_ref=doc.source_ref,
        recorded_at=unit.now,
        recorded_by=unit.actor,
    )


def _same_response(row: Response, new: Response) -> bool:
    fields = ("acceptance", "text", "caveats", "justification", "responded_on", "source_ref")
    return all(getattr(row, f) == getattr(new, f) for f in fields)


def _upsert_recommendation(
    unit: UnitOfWork, report_id: int, doc: RecommendationDoc, outcome: LoadOutcome, where: str
) -> Recommendation:
    session, code = unit.session, doc.natural_code
    rec = session.exec(
        select(Recommendation).where(
            Recommendation.report_id == report_id, Recommendation.code == code
        )
    ).first()
    values: dict[str, Any] = {
        "number": doc.number,
        "text": _plain_keys(doc.text),
        "priority": doc.priority,
        "source_ref": doc.source_ref,
    }
    if rec is None:
        rec = Recommendation(
            report_id=report_id,
            code=code,
            number=doc.number,
            text=_plain_keys(doc.text),
            priority=doc.priority,
            source_ref=doc.source_ref,
            original_target_date=doc.original_target_date,
            current_target_date=doc.original_target_date,
            created_at=unit.now,
            updated_at=unit.now,
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
            rec.updated_at = unit.now
            session.add(rec)
            outcome.count(outcome.updated, "recommendations")
    session.flush()
    return rec


def _upsert_indicators(
    unit: UnitOfWork, rec: Recommendation, doc: RecommendationDoc, outcome: LoadOutcome
) -> None:
    assert rec.id is not None
    session = unit.session
    for ind_doc in doc.indicators:
        ind_code = f"{rec.code}.{ind_doc.label}"
        ind_values: dict[str, Any] = {
            "text": _plain_keys(ind_doc.text),
            "source_ref": ind_doc.source_ref,
        }
        indicator = session.exec(
            select(Indicator).where(
                Indicator.report_id == rec.report_id, Indicator.code == ind_code
            )
        ).first()
        if indicator is None:
            session.add(
                Indicator(
                    recommendation_id=rec.id,
                    report_id=rec.report_id,
                    label=ind_doc.label,
                    code=ind_code,
                    text=_plain_keys(ind_doc.text),
                    source_ref=ind_doc.source_ref,
                    created_at=unit.now,
                )
            )
            outcome.count(outcome.created, "indicators")
        elif _apply(indicator, ind_values):
            session.add(indicator)
            outcome.count(outcome.updated, "indicators")


def _add_response_if_new(
    unit: UnitOfWork,
    rec: Recommendation,
    doc: ResponseDoc,
    issued_on: date | None,
    outcome: LoadOutcome,
    where: str,
) -> None:
    assert rec.id is not None
    new = _response_row(doc, rec, issued_on, unit, where)
    versions = unit.session.exec(select(Response).where(Response.recommendation_id == rec.id)).all()
    # A response the file already gave once is not given again: re-loading an unchanged file
    # must not undo a newer response recorded through the API.
    if not any(_same_response(v, new) for v in versions):
        add_response(unit, rec, new)
        outcome.count(outcome.updated if versions else outcome.created, "responses")


def _name_records(unit: UnitOfWork, doc: ReportDoc) -> None:
    """The report's entity and oversight body as records, added when first named (a name
    another load adds at the same moment is taken as it is)."""
    dialect = unit.session.get_bind().dialect.name
    for model, name in ((Entity, doc.entity), (OversightBody, doc.oversight_body)):
        table = SQLModel.metadata.tables[model.__tablename__]
        statement = (pg_insert if dialect == "postgresql" else sqlite_insert)(table)
        unit.session.execute(
            statement.values(name=name, created_at=unit.now).on_conflict_do_nothing()
        )


def _upsert_report_row(unit: UnitOfWork, doc: ReportDoc) -> tuple[Report, str | None]:
    """The report's own row, created or updated; and which of the two (None: unchanged)."""
    session = unit.session
    _name_records(unit, doc)
    report = session.exec(select(Report).where(Report.code == doc.code)).first()
    what: str | None = None
    if report is None:
        report = Report(
            code=doc.code, created_at=unit.now, updated_at=unit.now, **_report_values(doc)
        )
        session.add(report)
        what = "created"
    elif _apply(report, _report_values(doc)):
        report.updated_at = unit.now
        session.add(report)
        what = "updated"
    session.flush()
    return report, what


def upsert_report(unit: UnitOfWork, document: ReportFile) -> LoadOutcome:
    """Create or update a report and everything under it, in one unit of work.

    Records missing from the file are kept: a report file adds and amends, it never deletes.
    """
    doc = document.report
    report, what = _upsert_report_row(unit, doc)
    assert report.id is not None
    outcome = LoadOutcome(report_code=report.code, report_id=report.id)
    if what is not None:
        outcome.count(outcome.created if what == "created" else outcome.updated, "reports")
    try:
        for n, rec_doc in enumerate(doc.recommendations):
            where = f"report.recommendations.{n}"
            rec = _upsert_recommendation(unit, report.id, rec_doc, outcome, where)
            _upsert_indicators(unit, rec, rec_doc, outcome)
            unit.session.flush()
            if rec_doc.response is not None:
                _add_response_if_new(
                    unit, rec, rec_doc.response, report.issued_on, outcome, f"{where}.response."
                )
            unit.session.flush()
        _check_comments(unit, report, doc)
    except IntegrityError as exc:  # e.g. two recommendations swapping numbers
        raise Conflict(
            f"report {doc.code}: the file clashes with the stored report ({exc.orig}); "
            "recommendation numbers and codes cannot be swapped by a load"
        ) from exc
    if outcome.changed:
        unit.record(
            kind="report_loaded",
            entity="report",
            entity_id=report.id,
            report_id=report.id,
            data={
                "before": None,
                "after": {"created": outcome.created, "updated": outcome.updated},
            },
        )
    return outcome
