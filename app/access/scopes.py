"""What a token may reach. An organisation's tokens are mostly limited to their slice of the
portfolio: a focal point's to the reports of their entity, an evaluation team's to the reports
it follows up. Pure: which report a request concerns is decided before."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReportRef:
    """What scope looks at in a report: its code and the entity it concerns."""

    code: str
    entity: str


@dataclass(frozen=True, slots=True)
class Scope:
    """The reports a token reaches: those of `entities` (any, when empty) that are among
    `reports` (any, when empty). Both empty: the whole portfolio."""

    entities: frozenset[str] = frozenset()
    reports: frozenset[str] = frozenset()

    @property
    def everything(self) -> bool:
        return not self.entities and not self.reports

    def covers(self, report: ReportRef) -> bool:
        return (not self.entities or report.entity in self.entities) and (
            not self.reports or report.code in self.reports
        )

    def described(self) -> str:
        """The scope in words, for a refusal."""
        parts = []
        if self.entities:
            parts.append("entities " + ", ".join(sorted(self.entities)))
        if self.reports:
            parts.append("reports " + ", ".join(sorted(self.reports)))
        return " and ".join(parts) or "the whole portfolio"


EVERYTHING = Scope()
