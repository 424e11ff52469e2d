"""The individual plan of a mentorship (индивидуальный план наставничества, clause 4.1)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Orderable

from django_fsm import FSMField, transition
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from workflows.choices import ActivityForm, MentorshipState, PlanState
from workflows.conditions import RuleKind, rule
from workflows.models.base import ChangeTracked
from workflows.models.children import ChildHistoricalRecords
from workflows.models.deadlines import DeadlineDocument
from workflows.permissions import head, mentor_or_curator
from workflows.transitions import transition_metadata

S = PlanState
PLAN_WORKING_DAYS = 5  # clause 4.1: within five working days from the start of the term


@rule(_("The plan has no activities yet."), kind=RuleKind.CONTENT)
def has_items(plan) -> bool:
    return bool(plan.items.all())


@rule(
    _("The mentorship has ended early: its plan is closed (clause 6.1)."),
    kind=RuleKind.TURN,
    where=lambda: models.Q(mentorship__state=MentorshipState.ACTIVE),
)
def mentorship_running(plan) -> bool:
    return plan.mentorship.state == MentorshipState.ACTIVE


class IndividualPlan(DeadlineDocument, ClusterableModel):
    """The activities the mentor and the mentee agree on for the term of mentoring."""

    DERIVED_FIELDS = ("due_on", "submitted_on", "approved_on", "items_done")

    mentorship = models.OneToOneField(
        "workflows.Mentorship",
        verbose_name=_("mentorship"),
        on_delete=models.PROTECT,
        related_name="plan",
    )
    tasks = models.TextField(_("tasks of mentoring"), blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    # Kept on the plan so that each item marked done is a version of the plan in its history.
    items_done = models.PositiveSmallIntegerField(_("activities done"), default=0)
    state = FSMField(_("state"), choices=S.choices, default=S.DRAFT, protected=True)

    class Meta:
        verbose_name = _("individual plan")
        verbose_name_plural = _("individual plans")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return _("Plan: %(mentorship)s") % {"mentorship": self.mentorship}

    @property
    def is_editable(self) -> bool:
        """Editable in draft and returned while the mentorship runs: an early end closes it."""
        return super().is_editable and self.mentorship.state == MentorshipState.ACTIVE

    def completion(self) -> tuple[int, int]:
        """How many activities are done, of how many."""
        items = self.items.all()
        return sum(1 for item in items if item.done), len(items)

    @transition(
        field=state,
        source=[S.DRAFT, S.RETURNED],
        target=S.SUBMITTED,
        conditions=[mentorship_running, has_items],
        permission=mentor_or_curator,
        custom=transition_metadata(_("Submit for approval")),
    )
    def submit(self):
        """The mentor (or the curator) hands the plan to the head for approval."""
        self.record_submission(timezone.localdate())

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.APPROVED,
        conditions=[mentorship_running],
        permission=head,
        custom=transition_metadata(_("Approve")),
    )
    def approve(self):
        """The head approves the plan; from now on the mentor marks activities done."""
        self.approved_on = timezone.localdate()

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.RETURNED,
        conditions=[mentorship_running],
        permission=head,
        custom=transition_metadata(_("Return for revision"), comment_required=True),
    )
    def return_for_revision(self):
        """The head sends the plan back to its authors with a comment."""

    @transition(
        field=state,
        source=S.APPROVED,
        target=S.DRAFT,
        conditions=[mentorship_running],
        permission=mentor_or_curator,
        custom=transition_metadata(_("Amend"), comment_required=True),
    )
    def amend(self):
        """The plan is reopened for changes; the approved version stays in its history."""


class PlanItem(ChangeTracked, Orderable):
    """One activity of the plan: what, in what form, by when, with what result.

    Each version is kept, so the plan as it was approved is read back after an amendment.
    """

    plan = ParentalKey(IndividualPlan, on_delete=models.CASCADE, related_name="items")
    activity = models.CharField(_("activity"), max_length=500)
    form = models.CharField(_("form"), max_length=32, choices=ActivityForm.choices)
    due_on = models.DateField(_("due on"))
    expected_result = models.TextField(_("expected result"), blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = ChildHistoricalRecords()

    class Meta(Orderable.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.activity
