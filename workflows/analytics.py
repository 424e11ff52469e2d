"""The Municipal centre's analysis of mentoring (clauses 2.7 and 3.1): a few aggregate queries.

Every table is a :class:`Table`, so the page and the XLSX export show the same numbers; each
table costs one query, whatever the number of mentorships.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext as _

from workflows.choices import MentoringKind, MentorshipState, QuestionnaireState
from workflows.models import IndividualPlan, Mentorship, Questionnaire, Report
from workflows.params import positive_int
from workflows.spreadsheets import xlsx_bytes


@dataclass(frozen=True)
class Filters:
    """What the centre narrows its analysis to: mentorships whose term overlaps the period
    (either end may be open), of one organisation, of one kind. Every table applies the same
    narrowing to its mentorships, so the page and its exports agree."""

    period_from: datetime.date | None = None
    period_to: datetime.date | None = None
    organisation_id: int | None = None
    kind: str | None = None

    def lookups(self, prefix: str = "") -> Q:
        """The narrowing as a ``Q`` over mentorships reached through ``prefix``
        (``"mentorship__"`` from a plan, a report or a questionnaire)."""
        q = Q()
        if self.period_from:
            q &= Q(**{f"{prefix}ends_on__gte": self.period_from})
        if self.period_to:
            q &= Q(**{f"{prefix}starts_on__lte": self.period_to})
        if self.organisation_id:
            q &= Q(**{f"{prefix}organisation_id": self.organisation_id})
        if self.kind:
            q &= Q(**{f"{prefix}kind": self.kind})
        return q


NO_FILTERS = Filters()


def _day(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value or "").strip()[:10])
    except ValueError:
        return None


def filters_from(params) -> Filters:
    """The filters a query string asks for (``from``, ``to``: ДД.ММ.ГГГГ pickers send ISO
    dates; ``organisation``; ``kind``); a value that cannot be meant counts as absent."""
    kind = params.get("kind")
    return Filters(
        period_from=_day(params.get("from")),
        period_to=_day(params.get("to")),
        organisation_id=positive_int(params.get("organisation")),
        kind=kind if kind in MentoringKind.values else None,
    )


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)

    def to_xlsx(self) -> bytes:
        """The table as a workbook: its title, the headings, then the rows (numbers typed)."""
        rows = [
            [cell if isinstance(cell, int | float) else str(cell) for cell in row]
            for row in self.rows
        ]
        return xlsx_bytes(self.key, [[str(self.title)], [str(c) for c in self.columns], *rows])


def _pivot(key: str, title: str, label: str, counts, names: dict) -> Table:
    """Rows by ``names`` (in their order), a column per mentorship state, and totals."""
    states = MentorshipState
    table = Table(key, title, [label, *(s.label for s in states), _("Total")])
    grid = {}
    for row in counts:
        grid.setdefault(row["group"], {})[row["state"]] = row["n"]
    for value, name in names.items():
        if value in grid:
            cells = [grid[value].get(state, 0) for state in states.values]
            table.rows.append([name, *cells, sum(cells)])
    return table


def mentorships_by_organisation(filters: Filters = NO_FILTERS) -> Table:
    counts = (
        Mentorship.objects.filter(filters.lookups())
        .values("state", group=F("organisation__short_name"))
        .annotate(n=Count("pk"))
    )
    rows = list(counts.order_by("group"))
    names = {row["group"]: row["group"] for row in rows}
    return _pivot(
        "by_organisation", _("Mentorships by organisation"), _("Organisation"), rows, names
    )


def mentorships_by_kind(filters: Filters = NO_FILTERS) -> Table:
    counts = (
        Mentorship.objects.filter(filters.lookups())
        .values("state", group=F("kind"))
        .annotate(n=Count("pk"))
    )
    names = dict(MentoringKind.choices)
    return _pivot("by_kind", _("Mentorships by kind"), _("Kind of mentoring"), list(counts), names)


def _rate(on_time: int, due: int) -> float | str:
    return round(100 * on_time / due, 1) if due else "—"


def on_time_rates(today: datetime.date, filters: Filters = NO_FILTERS) -> Table:
    """Plans and reports whose due date has come: how many were first submitted in time."""
    table = Table(
        "on_time",
        _("Deadlines met"),
        [_("Organisation"), _("Plans due"), _("Plans on time"), _("Plans, %"),
         _("Reports due"), _("Reports on time"), _("Reports, %")],
    )  # fmt: skip
    per_organisation: dict[str, list[int]] = {}
    for index, model in enumerate((IndividualPlan, Report)):
        counts = (
            model.objects.filter(Q(due_on__lt=today) | Q(submitted_on__isnull=False))
            .filter(filters.lookups("mentorship__"))
            .values(organisation=F("mentorship__organisation__short_name"))
            .annotate(due=Count("pk"), on_time=Count("pk", filter=Q(submitted_on__lte=F("due_on"))))
        )
        for row in counts:
            cells = per_organisation.setdefault(row["organisation"], [0, 0, 0, 0])
            cells[2 * index], cells[2 * index + 1] = row["due"], row["on_time"]
    totals = [sum(cells[i] for cells in per_organisation.values()) for i in range(4)]
    for name, cells in [*sorted(per_organisation.items()), (_("All organisations"), totals)]:
        table.rows.append(
            [name, cells[0], cells[1], _rate(cells[1], cells[0]),
             cells[2], cells[3], _rate(cells[3], cells[2])]
        )  # fmt: skip
    return table


def _score_columns() -> list[str]:
    return [str(Questionnaire._meta.get_field(name).verbose_name) for name in Questionnaire.SCORES]


def _averages(row) -> list:
    return [round(row[name], 2) if row[name] is not None else "—" for name in Questionnaire.SCORES]


def _submitted(filters: Filters):
    return Questionnaire.objects.filter(
        filters.lookups("mentorship__"), state=QuestionnaireState.SUBMITTED
    )


def questionnaire_by_question(filters: Filters = NO_FILTERS) -> Table:
    result = _submitted(filters).aggregate(
        n=Count("pk"), **{n: Avg(n) for n in Questionnaire.SCORES}
    )
    table = Table(
        "by_question",
        _("Questionnaires: average per question (%(n)s submitted)") % {"n": result["n"]},
        [_("Question"), _("Average (1–5)")],
    )
    for label, value in zip(_score_columns(), _averages(result), strict=True):
        table.rows.append([label, value])
    return table


def _questionnaires_by(
    filters: Filters, key: str, title: str, label: str, group, *keys: str
) -> Table:
    """Averages per group; ``keys`` tell apart groups that share a name (two mentors)."""
    rows = (
        _submitted(filters)
        .values(*keys, group=group)
        .annotate(n=Count("pk"), **{n: Avg(n) for n in Questionnaire.SCORES})
        .order_by("group", *keys)
    )
    table = Table(key, title, [label, _("Questionnaires"), *_score_columns()])
    for row in rows:
        table.rows.append([row["group"], row["n"], *_averages(row)])
    return table


def questionnaire_by_organisation(filters: Filters = NO_FILTERS) -> Table:
    return _questionnaires_by(
        filters,
        "by_organisation_scores",
        _("Questionnaires: averages per organisation"),
        _("Organisation"),
        F("mentorship__organisation__short_name"),
    )


def questionnaire_by_mentor(filters: Filters = NO_FILTERS) -> Table:
    return _questionnaires_by(
        filters,
        "by_mentor",
        _("Questionnaires: averages per mentor"),
        _("Mentor"),
        Concat(
            "mentorship__mentor__surname", Value(" "), "mentorship__mentor__name", Value(" "),
            "mentorship__mentor__patronymic",
        ),
        "mentorship__mentor",
    )  # fmt: skip


# The dashboard's tables by their keys, in the order the page shows them, each computed from
# the day and the filters: the page computes them all, an export only the table it writes.
CENTRE_TABLES: dict[str, Callable[[datetime.date, Filters], Table]] = {
    "by_organisation": lambda today, filters: mentorships_by_organisation(filters),
    "by_kind": lambda today, filters: mentorships_by_kind(filters),
    "on_time": on_time_rates,
    "by_question": lambda today, filters: questionnaire_by_question(filters),
    "by_organisation_scores": lambda today, filters: questionnaire_by_organisation(filters),
    "by_mentor": lambda today, filters: questionnaire_by_mentor(filters),
}


def centre_tables(today: datetime.date, filters: Filters = NO_FILTERS) -> list[Table]:
    """Every table of the centre's dashboard, in the order the page shows them, narrowed by
    ``filters``."""
    return [table(today, filters) for table in CENTRE_TABLES.values()]


def centre_table(key: str, today: datetime.date, filters: Filters = NO_FILTERS) -> Table | None:
    """The centre's table ``key`` alone, narrowed by ``filters``, for its export; ``None`` when
    the dashboard has no such table."""
    table = CENTRE_TABLES.get(key)
    return table(today, filters) if table else None


def bar_chart(table: Table, value_column: int = 1, maximum: float = 5.0) -> list[dict]:
    """Bars for the server-rendered SVG chart: label, value and width in per cent."""
    bars = []
    for row in table.rows:
        value = row[value_column]
        if isinstance(value, int | float):
            bars.append({"label": row[0], "value": value, "width": round(100 * value / maximum, 1)})
    return bars
