"""Finding reports, recommendations, indicators and evidence by their words, within the
caller's scope. Matching is case-insensitive and by substring, so it works the same for
Chinese (no spaces between words) as for English. Report, recommendation and indicator texts
are few (thousands) and held in several languages: they are matched here, language by language.
Evidence is matched in the database (title, description, document symbol, external id),
newest first; a rare word scans the whole table, which is why a search holds a heavy-work slot."""

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from app.access.scopes import Scope
from app.models import Evidence, Indicator, Recommendation, Report
from app.schemas.search import SearchHit, SearchKind, SearchResults
from app.services.scopes import report_ids_within

SNIPPET = 300
LIKE_ESCAPE = "\\"


def _within(query: Any, column: Any, scope: Scope) -> Any:
    return query if scope.everything else query.where(col(column).in_(report_ids_within(scope)))


def _matching(texts: dict[str, str], needle: str, *codes: str) -> tuple[str | None, str] | None:
    """The first language (in a stable order) whose text holds the words; else a code that
    holds them (no language); else None."""
    for language in sorted(texts):
        if needle in texts[language].casefold():
            return language, texts[language]
    for code in codes:
        if code and needle in code.casefold():
            return None, code
    return None


def _snippet(text: str) -> str:
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


def _reports(session: Session, needle: str, scope: Scope) -> Iterator[SearchHit]:
    for report in session.exec(_within(select(Report), Report.id, scope).order_by(Report.id)):
        assert report.id is not None
        found = _matching(report.title, needle, report.code, report.symbol)
        if found is not None:
            language, text = found
            yield SearchHit(
                kind=SearchKind.REPORT,
                id=report.id,
                report=report.code,
                code=report.code,
                text=_snippet(text),
                language=language,
                url=f"/api/v1/reports/{report.code}",
            )


def _parts(
    session: Session, needle: str, scope: Scope, table: type[Recommendation] | type[Indicator]
) -> Iterator[SearchHit]:
    kind = SearchKind.RECOMMENDATION if table is Recommendation else SearchKind.INDICATOR
    path = "recommendations" if table is Recommendation else "indicators"
    query = select(table, Report.code).join(Report, col(Report.id) == col(table.report_id))
    rows = session.exec(_within(query, Report.id, scope).order_by(col(table.id)))
    for item, report_code in rows:
        found = _matching(item.text, needle, item.code)
        if found is not None:
            language, text = found
            yield SearchHit(
                kind=kind,
                id=item.id,
                report=report_code,
                code=item.code,
                text=_snippet(text),
                language=language,
                url=f"/api/v1/{path}/{item.id}",
            )


def _like(needle: str) -> str:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _evidence(session: Session, needle: str, scope: Scope, limit: int) -> list[SearchHit]:
    pattern = _like(needle)
    columns = (Evidence.title, Evidence.description, Evidence.document_symbol, Evidence.external_id)
    query = (
        select(Evidence, Report.code)
        .join(Report, col(Report.id) == col(Evidence.report_id))
        .where(or_(*(func.lower(col(c)).like(pattern, escape=LIKE_ESCAPE) for c in columns)))
        .order_by(col(Evidence.id).desc())
        .limit(limit)
    )
    hits = []
    for item, report_code in session.exec(_within(query, Evidence.report_id, scope)):
        assert item.id is not None
        texts = (item.title, item.description, item.document_symbol or "", item.external_id or "")
        text = next((t for t in texts if needle in t.casefold()), item.title)
        hits.append(
            SearchHit(
                kind=SearchKind.EVIDENCE,
                id=item.id,
                report=report_code,
                code=item.title[:200],
                text=_snippet(text),
                language=None,
                url=f"/api/v1/evidence/{item.id}",
            )
        )
    return hits


def search(
    session: Session, words: str, *, kinds: Iterable[SearchKind], limit: int, scope: Scope
) -> SearchResults:
    """Up to `limit` matches of each kind asked for, reports first, evidence newest first."""
    needle = words.strip().casefold()
    wanted = set(kinds)
    found: list[SearchHit] = []
    more = False
    sources: list[tuple[SearchKind, Callable[[], Iterator[SearchHit]]]] = [
        (SearchKind.REPORT, lambda: _reports(session, needle, scope)),
        (SearchKind.RECOMMENDATION, lambda: _parts(session, needle, scope, Recommendation)),
        (SearchKind.INDICATOR, lambda: _parts(session, needle, scope, Indicator)),
    ]
    for kind, source in sources:
        if kind not in wanted:
            continue
        hits: list[SearchHit] = []
        for hit in source():
            if len(hits) == limit:
                more = True
                break
            hits.append(hit)
        found += hits
    if SearchKind.EVIDENCE in wanted:
        hits = _evidence(session, needle, scope, limit + 1)
        more = more or len(hits) > limit
        found += hits[:limit]
    return SearchResults(query=words, items=found, more=more)
