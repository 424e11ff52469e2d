"""The Municipal centre's analysis of mentoring (clauses 2.7 and 3.1): a few aggregate queries.

Every table is a :class:`Table`, so the page and the XLSX export show the same numbers; each
table costs one query, whatever the number of mentorships.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext as _

from workflows.choices import MentoringKind, MentorshipState, QuestionnaireState
from workflows.models import IndividualPlan, Mentorship, Questionnaire, Report
from workflows.spreadsheets import xlsx_bytes


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


def mentorships_by_organisation() -> Table:
    counts = Mentorship.objects.values("state", group=F("organisation__short_name")).annotate(
        n=Count("pk")
    )
    rows = list(counts.order_by("group"))
    names = {row["group"]: row["group"] for row in rows}
    return _pivot(
        "by_organisation", _("Mentorships by organisation"), _("Organisation"), rows, names
    )


def mentorships_by_kind() -> Table:
    counts = Mentorship.objects.values("state", group=F("kind")).annotate(n=Count("pk"))
    names = dict(MentoringKind.choices)
    return _pivot("by_kind", _("Mentorships by kind"), _("Kind of mentoring"), list(counts), names)


def _rate(on_time: int, due: int) -> float | str:
    return round(100 * on_time / due, 1) if due else "—"


def on_time_rates(today: datetime.date) -> Table:
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


def _submitted():
    return Questionnaire.objects.filter(state=QuestionnaireState.SUBMITTED)


def questionnaire_by_question() -> Table:
    result = _submitted().aggregate(n=Count("pk"), **{n: Avg(n) for n in Questionnaire.SCORES})
    table = Table(
        "by_question",
        _("Questionnaires: average per question (%(n)s submitted)") % {"n": result["n"]},
        [_("Question"), _("Average (1–5)")],
    )
    for label, value in zip(_score_columns(), _averages(result), strict=True):
        table.rows.append([label, value])
    return table


def _questionnaires_by(key: str, title: str, label: str, group, *keys: str) -> Table:
    """Averages per group; ``keys`` tell apart groups that share a name (two mentors)."""
    rows = (
        _submitted()
        .values(*keys, group=group)
        .annotate(n=Count("pk"), **{n: Avg(n) for n in Questionnaire.SCORES})
        .order_by("group", *keys)
    )
    table = Table(key, title, [label, _("Questionnaires"), *_score_columns()])
    for row in rows:
        table.rows.append([row["group"], row["n"], *_averages(row)])
    return table


def questionnaire_by_organisation() -> Table:
    return _questionnaires_by(
        "by_organisation_scores",
        _("Questionnaires: averages per organisation"),
        _("Organisation"),
        F("mentorship__organisation__short_name"),
    )


def questionnaire_by_mentor() -> Table:
    return _questionnaires_by(
        "by_mentor",
        _("Questionnaires: averages per mentor"),
        _("Mentor"),
        Concat(
            "mentorship__mentor__surname", Value(" "), "mentorship__mentor__name", Value(" "),
            "mentorship__mentor__patronymic",
        ),
        "mentorship__mentor",
    )  # fmt: skip


def centre_tables(today: datetime.date) -> list[Table]:
    """Every table of the centre's dashboard, in the order the page shows them."""
    return [
        mentorships_by_organisation(),
        mentorships_by_kind(),
        on_time_rates(today),
        questionnaire_by_question(),
        questionnaire_by_organisation(),
        questionnaire_by_mentor(),
    ]


def bar_chart(table: Table, value_column: int = 1, maximum: float = 5.0) -> list[dict]:
    """Bars for the server-rendered SVG chart: label, value and width in per cent."""
    bars = []
    for row in table.rows:
        value = row[value_column]
        if isinstance(value, int | float):
            bars.append({"label": row[0], "value": value, "width": round(100 * value / maximum, 1)})
    return bars
