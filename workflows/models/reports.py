"""The end of a mentorship: the mentor's final report and the mentee's questionnaire (6.1–6.3)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from django_fsm import FSMField, transition

from workflows.choices import (
    MentorshipState,
    PlanState,
    QuestionnaireState,
    ReportState,
    Role,
    Score,
)
from workflows.conditions import Rule, RuleKind, rule
from workflows.models.deadlines import DeadlineDocument
from workflows.permissions import (
    centre,
    described,
    head,
    role_labels,
    school_staff,
    the_mentee,
    the_mentor,
)
from workflows.transitions import transition_metadata

S = ReportState
FINAL_WORKING_DAYS = 5  # clause 6.1: within five working days after the term ends


# The three results of effective mentoring of clause 6.3, as the report asks for them.
CRITERIA = ("results_regulations", "results_motivation", "results_discipline")


def _missing_criteria(report):
    for name in CRITERIA:
        if not getattr(report, name).strip():
            field = report._meta.get_field(name)
            yield _("Describe the results: «%(criterion)s» (clause 6.3).") % {
                "criterion": field.verbose_name
            }


criteria_described = Rule(_missing_criteria, kind=RuleKind.CONTENT)


def last_day_of_mentoring(mentorship):
    """The term's last day: the planned end, or the last day an early end set."""
    if mentorship.state == MentorshipState.TERMINATED and mentorship.ended_on:
        return mentorship.ended_on
    return mentorship.ends_on


def _term_not_over(report):
    """Clause 6.1: the report sums up the term, so it opens on the term's last day (the planned
    end, or the last day of an early end) and not before."""
    last_day = last_day_of_mentoring(report.mentorship)
    if timezone.localdate() < last_day:
        yield _(
            "The final report is submitted when the term of mentoring ends: from %(date)s "
            "(clause 6.1)."
        ) % {"date": last_day.strftime("%d.%m.%Y")}


def _term_over_q() -> models.Q:
    """The queryset form of :func:`_term_not_over`: the term's last day has come."""
    today = timezone.localdate()
    ended_early = models.Q(
        mentorship__state=MentorshipState.TERMINATED, mentorship__ended_on__isnull=False
    )
    return (ended_early & models.Q(mentorship__ended_on__lte=today)) | (
        ~ended_early & models.Q(mentorship__ends_on__lte=today)
    )


term_over = Rule(_term_not_over, kind=RuleKind.TURN, where=_term_over_q)


@rule(_("The individual plan has not been approved (clause 4.1)."), kind=RuleKind.CONTENT)
def plan_approved(report) -> bool:
    """The plan is approved, or closed unapproved by an early end (the report says so)."""
    plan = getattr(report.mentorship, "plan", None)
    if plan is None:
        return False
    return plan.state == PlanState.APPROVED or report.mentorship.state == MentorshipState.TERMINATED


@rule(
    _("The mentee has not submitted the questionnaire yet (clause 6.2)."),
    kind=RuleKind.TURN,
    where=lambda: models.Q(mentorship__questionnaire__state=QuestionnaireState.SUBMITTED),
)
def questionnaire_submitted(report) -> bool:
    questionnaire = getattr(report.mentorship, "questionnaire", None)
    return questionnaire is not None and questionnaire.state == QuestionnaireState.SUBMITTED


@described(lambda report: role_labels([Role.ORG_HEAD, Role.CENTER]))
def may_return(report, user) -> bool:
    """The head returns a submitted report; the centre returns one it was sent."""
    return head(report, user) if report.state == S.SUBMITTED else centre(report, user)


class Report(DeadlineDocument):
    """The mentor's report on the results of mentoring, approved by the head, sent to the centre."""

    DERIVED_FIELDS = (
        "due_on", "submitted_on", "approved_on", "accepted_on",
        "plan_items_done", "plan_items_total",
    )  # fmt: skip

    mentorship = models.OneToOneField(
        "workflows.Mentorship",
        verbose_name=_("mentorship"),
        on_delete=models.PROTECT,
        related_name="report",
    )
    results_regulations = models.TextField(
        _("mastery and use of the regulations and of theory in practice"), blank=True
    )
    results_motivation = models.TextField(
        _("motivation, independence and initiative in professional activity"), blank=True
    )
    results_discipline = models.TextField(
        _("discipline and diligence in carrying out instructions"), blank=True
    )
    recommendations = models.TextField(_("recommendations to the mentee"), blank=True)
    # The plan's completion as it stood when the report was submitted.
    plan_items_done = models.PositiveSmallIntegerField(_("plan activities done"), default=0)
    plan_items_total = models.PositiveSmallIntegerField(_("plan activities in all"), default=0)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted by the centre on"), null=True, blank=True)
    state = FSMField(_("state"), choices=S.choices, default=S.DRAFT, protected=True)

    class Meta:
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return _("Report: %(mentorship)s") % {"mentorship": self.mentorship}

    @transition(
        field=state,
        source=[S.DRAFT, S.RETURNED],
        target=S.SUBMITTED,
        conditions=[term_over, criteria_described, plan_approved],
        permission=the_mentor,
        custom=transition_metadata(_("Submit for approval")),
    )
    def submit(self):
        """The mentor submits the report to the head; the plan's completion is recorded."""
        self.record_submission(timezone.localdate())
        self.plan_items_done, self.plan_items_total = self.mentorship.plan.completion()

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.APPROVED,
        permission=head,
        custom=transition_metadata(_("Approve")),
    )
    def approve(self):
        """The head approves the report (6.1)."""
        self.approved_on = timezone.localdate()

    @transition(
        field=state,
        source=[S.SUBMITTED, S.SENT],
        target=S.RETURNED,
        permission=may_return,
        custom=transition_metadata(_("Return for revision"), comment_required=True),
    )
    def return_for_revision(self):
        """The head, or the centre after receiving it, sends the report back to the mentor."""

    @transition(
        field=state,
        source=S.APPROVED,
        target=S.SENT,
        conditions=[questionnaire_submitted],
        permission=school_staff,
        custom=transition_metadata(_("Send to the centre")),
    )
    def send(self):
        """The school passes the approved report and the questionnaire to the centre (6.2)."""

    @transition(
        field=state,
        source=S.SENT,
        target=S.ACCEPTED,
        conditions=[term_over],
        permission=centre,
        custom=transition_metadata(_("Accept"), service="workflows.services.report_accept"),
    )
    def accept(self):
        """The centre accepts the report; the mentorship is completed with it."""
        self.accepted_on = timezone.localdate()


@rule(_("Answer every question of the questionnaire."), kind=RuleKind.CONTENT)
def all_answered(questionnaire) -> bool:
    return all(getattr(questionnaire, name) is not None for name in Questionnaire.SCORES)


def _score(label):
    return models.PositiveSmallIntegerField(label, choices=Score.choices, null=True, blank=True)


class Questionnaire(DeadlineDocument):
    """The mentee's evaluation of the mentoring: fixed statements scored 1–5, and free text."""

    AUTHOR = "mentee"
    EDITABLE_STATES = (QuestionnaireState.DRAFT,)
    DERIVED_FIELDS = ("due_on", "submitted_on")
    # The statements, in the order the form asks them; the centre averages each (2.7).
    SCORES = (
        "score_support", "score_regulations", "score_practice", "score_motivation",
        "score_independence", "score_feedback", "score_plan",
    )  # fmt: skip

    mentorship = models.OneToOneField(
        "workflows.Mentorship",
        verbose_name=_("mentorship"),
        on_delete=models.PROTECT,
        related_name="questionnaire",
    )
    score_support = _score(_("The mentor helped me with the questions my work raised"))
    score_regulations = _score(_("I know the regulations of my duties and follow them"))
    score_practice = _score(_("I can apply theoretical knowledge in my daily work"))
    score_motivation = _score(_("My motivation for professional growth has increased"))
    score_independence = _score(_("I have become more independent and take initiative"))
    score_feedback = _score(_("The mentor assessed my work tactfully and helped me improve"))
    score_plan = _score(_("The activities of the individual plan were useful"))
    comment = models.TextField(_("What else would you like to say?"), blank=True)
    state = FSMField(
        _("state"),
        choices=QuestionnaireState.choices,
        default=QuestionnaireState.DRAFT,
        protected=True,
    )

    class Meta:
        verbose_name = _("evaluation questionnaire")
        verbose_name_plural = _("evaluation questionnaires")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return _("Questionnaire: %(mentorship)s") % {"mentorship": self.mentorship}

    @transition(
        field=state,
        source=QuestionnaireState.DRAFT,
        target=QuestionnaireState.SUBMITTED,
        conditions=[all_answered],
        permission=the_mentee,
        custom=transition_metadata(_("Submit")),
    )
    def submit(self):
        """The mentee hands in the questionnaire; it goes to the centre with the report (6.2)."""
        self.record_submission(timezone.localdate())
