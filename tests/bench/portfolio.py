"""A generated portfolio for the benchmarks: 200 reports, 1,000 recommendations, 3,000
indicators, and any number of evidence items with assessments spread over five years."""

import json
import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Table, create_engine, insert
from sqlmodel import SQLModel

import app.models  # noqa: F401  (tables)
from app.migrate import head_revision, upgrade

REPORTS = 200
RECOMMENDATIONS_EACH = 5
INDICATORS_EACH = 3
YEARS = 5
BATCH = 20_000


def _table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


Rows = list[dict[str, Any]]


def generate(path: Path, evidence: int, seed: int = 7) -> Path:
    """Make (or reuse) a portfolio database with `evidence` evidence rows."""
    marker = path.with_suffix(".ready")
    if path.exists() and marker.exists() and marker.read_text() == str(head_revision()):
        return path
    for stale in (path, path.with_suffix(".db-wal"), path.with_suffix(".db-shm"), marker):
        stale.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path}"
    upgrade(url)
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(days=365 * YEARS)
    engine = create_engine(url)
    with engine.begin() as db:
        db.exec_driver_sql("PRAGMA synchronous=OFF")
        structure = _structure(rng, start)
        for table, rows in structure.items():
            db.execute(insert(_table(table)), rows)
        indicators = structure["indicator"]
        next_id = 1
        while next_id <= evidence:
            last = min(evidence, next_id + BATCH - 1)
            batch = _evidence(rng, indicators, range(next_id, last + 1), start, now)
            for table, rows in batch.items():
                if rows:
                    db.execute(insert(_table(table)), rows)
            next_id = last + 1
    engine.dispose()
    marker.write_text(str(head_revision()))
    return path


def _structure(rng: random.Random, start: datetime, report_count: int = REPORTS) -> dict[str, Rows]:
    """Reports, recommendations, their responses and indicators, and data versions (the
    order of the tables is the order they must be inserted in)."""
    reports: Rows = []
    recs: Rows = []
    indicators: Rows = []
    responses: Rows = []
    versions: Rows = []
    for r in range(1, report_count + 1):
        reports.append(
            {
                "id": r,
                "code": f"bench-r{r}",
                "symbol": f"A/BENCH/{r}",
                "title": {"en": f"Benchmark report {r}"},
                "oversight_body": "OIOS" if r % 3 else "JIU",
                "entity": f"E{r % 20}",
                "scope": [],
                "source_ref": "",
                "created_at": start,
                "updated_at": start,
            }
        )
        versions.append({"id": r, "version": 1})
        for k in range(1, RECOMMENDATIONS_EACH + 1):
            rec_id = len(recs) + 1
            recs.append(_recommendation(rng, start, r, k, rec_id))
            responses.append(_response(rng, start, rec_id))
            for label in "abc"[:INDICATORS_EACH]:
                indicators.append(
                    {
                        "id": len(indicators) + 1,
                        "recommendation_id": rec_id,
                        "report_id": r,
                        "label": label,
                        "code": f"R{k}.{label}",
                        "text": {"en": f"Indicator {label}"},
                        "source_ref": "",
                        "created_at": start,
                    }
                )
    versions.append({"id": 0, "version": report_count})
    named = {
        table: [{"name": name, "created_at": start} for name in sorted({r[table] for r in reports})]
        for table in ("entity", "oversight_body")
    }
    return {
        **named,
        "report": reports,
        "recommendation": recs,
        "indicator": indicators,
        "response": responses,
        "data_version": versions,
    }


def _recommendation(
    rng: random.Random, start: datetime, report: int, number: int, rec_id: int
) -> dict[str, Any]:
    target = start + timedelta(days=rng.randint(200, 365 * YEARS + 365))
    return {
        "id": rec_id,
        "report_id": report,
        "number": number,
        "code": f"R{number}",
        "text": {"en": f"Recommendation {number} of report {report}"},
        "priority": "important",
        "original_target_date": target.date(),
        "current_target_date": target.date(),
        "source_ref": "",
        "created_at": start,
        "updated_at": start,
    }


def _response(rng: random.Random, start: datetime, rec_id: int) -> dict[str, Any]:
    acceptance = rng.choices(["accepted", "partially_accepted", "not_accepted"], [85, 10, 5])[0]
    return {
        "recommendation_id": rec_id,
        "acceptance": acceptance,
        "text": {"en": "Response"},
        "caveats": [],
        "justification": None if acceptance == "accepted" else "Resources",
        "responded_on": start.date(),
        "source_ref": "",
        "recorded_at": start,
        "recorded_by": "bench",
    }


def _evidence(
    rng: random.Random, indicators: Rows, ids: range, start: datetime, now: datetime
) -> dict[str, Rows]:
    """A batch of evidence with its verdicts and withdrawals, spread over the years."""
    span = (now - timedelta(days=1) - start).total_seconds()
    latest = now - timedelta(seconds=1)  # nothing in the record is dated in the future
    verdicts = ["meets", "partially_meets", "does_not_meet"]
    rows: Rows = []
    checks: Rows = []
    pulled: Rows = []
    for evidence_id in ids:
        indicator = indicators[rng.randrange(len(indicators))]
        recorded = start + timedelta(seconds=rng.random() * span)
        rows.append(
            {
                "id": evidence_id,
                "report_id": indicator["report_id"],
                "recommendation_id": indicator["recommendation_id"],
                "indicator_id": indicator["id"],
                "title": f"Evidence {evidence_id}",
                "description": "",
                "effective_on": (recorded - timedelta(days=rng.randint(0, 30))).date(),
                "revision": 1,
                "content_hash": f"{evidence_id:064x}",
                "recorded_at": recorded,
                "recorded_by": "bench",
            }
        )
        for n in range(rng.choices([0, 1, 2], [15, 70, 15])[0]):
            checks.append(
                {
                    "evidence_id": evidence_id,
                    "verdict": rng.choices(verdicts, [40, 35, 25])[0],
                    "comment": "",
                    "assessed_at": min(
                        latest, recorded + timedelta(hours=rng.randint(1, 900) * (n + 1))
                    ),
                    "assessed_by": "bench",
                }
            )
        if rng.random() < 0.02:
            pulled.append(
                {
                    "evidence_id": evidence_id,
                    "reason": "withdrawn",
                    "withdrawn_at": min(latest, recorded + timedelta(days=rng.randint(1, 60))),
                    "withdrawn_by": "bench",
                }
            )
    return {"evidence": rows, "assessment": checks, "withdrawal": pulled}


def copy_of(path: Path, target: Path) -> Path:
    for suffix in ("-wal", "-shm"):  # a journal left by an earlier run would not match the copy
        Path(str(target) + suffix).unlink(missing_ok=True)
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(path) + suffix)
        if source.exists():
            shutil.copyfile(source, str(target) + suffix)
    return target


if __name__ == "__main__":
    import sys

    print(json.dumps(str(generate(Path(sys.argv[1]), int(sys.argv[2])))))
