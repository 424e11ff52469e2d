"""The mentorship: the case file of one mentor and one mentee (закрепление наставника)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from django_fsm import RETURN_VALUE, FSMField, transition

from workflows.choices import MenteeBasis, MentoringKind, MentorshipState
from workflows.conditions import Rule, RuleKind, rule
from workflows.models.base import WorkflowDocument
from workflows.permissions import centre, head, mentee_or_staff, mentor_or_staff, school_staff
from workflows.rules import mentorship_violations
from workflows.storage import private_storage
from workflows.transitions import transition_metadata
from workflows.validators import validate_scan

S = MentorshipState
PRE_ACTIVE = [S.DRAFT, S.AWAITING_CONSENT, S.AWAITING_ORDER]

# The vocabulary of each kind of mentoring (2.1), as the interface names the two sides.
SIDES = {
    MentoringKind.TRADITIONAL: (_("mentor"), _("mentee")),
    MentoringKind.MANAGEMENT: (_("«mentor»"), _("«mentee»")),
    MentoringKind.TUTORING: (_("tutor"), _("listener")),
    MentoringKind.COACHING: (_("coach"), _("coachee")),
}

rules_hold = Rule(mentorship_violations, kind=RuleKind.CONTENT)


@rule(
    _("The mentor's written consent (date and scan) is not on file (clause 2.6)."),
    kind=RuleKind.TURN,
)
def mentor_consent_on_file(mentorship) -> bool:
    return bool(mentorship.mentor_consented_on and mentorship.mentor_consent_scan)


@rule(_("Both the mentor and the mentee must consent (clause 2.1)."), kind=RuleKind.TURN)
def both_consented(mentorship) -> bool:
    return bool(mentorship.mentor_consented_on and mentorship.mentee_consented_on)


class Mentorship(WorkflowDocument):
    """One mentor and one mentee, from the draft to the end of their term."""

    EDITABLE_STATES = (S.DRAFT,)
    DERIVED_FIELDS = (
        "mentor_consented_on",
        "mentor_consent_scan",
        "mentee_consented_on",
        "started_on",
        "ended_on",
        "end_reason",
    )

    organisation = models.ForeignKey(
        "workflows.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="mentorships",
    )
    kind = models.CharField(_("kind of mentoring"), max_length=16, choices=MentoringKind.choices)
    mentor = models.ForeignKey(
        "workflows.Person",
        verbose_name=_("mentor"),
        on_delete=models.PROTECT,
        related_name="mentorships_as_mentor",
    )
    mentee = models.ForeignKey(
        "workflows.Person",
        verbose_name=_("mentee"),
        on_delete=models.PROTECT,
        related_name="mentorships_as_mentee",
    )
    starts_on = models.DateField(_("start of the term"))
    ends_on = models.DateField(_("end of the term"))
    goal = models.TextField(_("goal and expected results"), blank=True)
    # Who may be a traditional mentee (2.1), recorded as the curator establishes it.
    mentee_basis = models.CharField(
        _("the mentee is"),
        max_length=32,
        choices=MenteeBasis.choices,
        default=MenteeBasis.YOUNG_SPECIALIST,
        blank=True,  # left empty, the rule of 2.1 asks which
    )
    mentee_appointed_on = models.DateField(
        _("mentee appointed to the position on"),
        null=True,
        blank=True,
        help_text=_("For a mentee newly appointed to a position in which they have no experience."),
    )
    mentee_seeks_growth = models.BooleanField(
        _("the mentee is a manager seeking professional growth"), default=False
    )
    mentor_consented_on = models.DateField(_("mentor's consent dated"), null=True, blank=True)
    mentor_consent_scan = models.FileField(
        _("scan of the mentor's consent"),
        upload_to="consents/%Y/",
        storage=private_storage,  # never under MEDIA_ROOT: see workflows/storage.py
        blank=True,
        validators=[validate_scan],
    )
    mentee_consented_on = models.DateField(_("mentee's consent dated"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for early termination"), blank=True)
    state = FSMField(_("state"), choices=S.choices, default=S.DRAFT, protected=True)

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["-created_at"]
        indexes = [
            # A school's list of what waits in a state reads its oldest rows first («Мои
            # задачи»): the index gives them in that order instead of joining every row to sort.
            models.Index(fields=["organisation", "state", "created_at"]),
            # The admin's list, newest first: read backwards, its first page joins 50 rows
            # instead of sorting every mentorship of the region joined to its people.
            models.Index(fields=["created_at", "id"]),
            # The region's running cases by their end, for the warnings of the centre and the
            # department, who see every organisation (no organisation narrows the scan).
            models.Index(fields=["state", "ends_on"]),
            models.Index(fields=["mentor", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.short_name} → {self.mentee.short_name}"

    @property
    def sides(self) -> tuple[str, str]:
        """How this kind of mentoring names the mentor and the mentee."""
        return SIDES[MentoringKind(self.kind)]

    def is_being_ended(self, on: datetime.date | None = None) -> bool:
        """Ended early by a signed order, its last day not yet past on ``on`` (default: today):
        it still holds its mentor's place (Labour Code art. 351.8)."""
        on = on or timezone.localdate()
        return self.state == S.TERMINATED and self.ended_on is not None and self.ended_on >= on

    def standing(self, on: datetime.date | None = None) -> str:
        """The state as a person reads it on ``on``: an early end shows as being ended, with its
        last day, until that day is past, and as terminated from the next day; by date alone."""
        if self.is_being_ended(on):
            return _("Being ended: the last day of mentoring is %(date)s") % {
                "date": self.ended_on.strftime("%d.%m.%Y")
            }
        return self.get_state_display()

    standing.short_description = _("state")

    def clean(self):
        if self.is_editable and self.mentor_id and self.mentee_id and self.organisation_id:
            problems = mentorship_violations(self)
            if problems:
                raise ValidationError(problems)

    @transition(
        field=state,
        source=S.DRAFT,
        target=S.AWAITING_CONSENT,
        conditions=[rules_hold],
        permission=school_staff,
        custom=transition_metadata(_("Send for consent")),
    )
    def send_for_consent(self):
        """The curator asks both sides for their consent."""

    @transition(
        field=state,
        source=S.AWAITING_CONSENT,
        target=RETURN_VALUE(S.AWAITING_CONSENT, S.AWAITING_ORDER),
        conditions=[
            rule(
                _("The mentor has already consented."),
                kind=RuleKind.TURN,
                where=lambda: models.Q(mentor_consented_on__isnull=True),
            )(lambda m: not m.mentor_consented_on)
        ],
        permission=mentor_or_staff,
        custom=transition_metadata(
            _("Give written consent"),
            form="workflows.forms.MentorConsentForm",
            service="workflows.services.mentorship_consent_as_mentor",
        ),
    )
    def consent_as_mentor(self):
        """The mentor files their written consent (2.6): its date and the signed scan, which
        the service records."""
        return S.AWAITING_ORDER if self.mentee_consented_on else S.AWAITING_CONSENT

    @transition(
        field=state,
        source=S.AWAITING_CONSENT,
        target=RETURN_VALUE(S.AWAITING_CONSENT, S.AWAITING_ORDER),
        conditions=[
            rule(
                _("The mentee has already consented."),
                kind=RuleKind.TURN,
                where=lambda: models.Q(mentee_consented_on__isnull=True),
            )(lambda m: not m.mentee_consented_on)
        ],
        permission=mentee_or_staff,
        custom=transition_metadata(
            _("Consent"),
            form="workflows.forms.MenteeConsentForm",
            service="workflows.services.mentorship_consent_as_mentee",
        ),
    )
    def consent_as_mentee(self):
        """The mentee agrees to be mentored by this mentor (mutual consent, 2.1), on the date
        the service records."""
        return S.AWAITING_ORDER if self.mentor_consented_on else S.AWAITING_CONSENT

    @transition(
        field=state,
        source=S.AWAITING_ORDER,
        target=S.ACTIVE,
        conditions=[both_consented, mentor_consent_on_file, rules_hold],
        permission=head,
        custom=transition_metadata(
            _("Activate"),
            triggered_by=_("A mentorship takes effect only when its assignment order is signed."),
        ),
    )
    def activate(self):
        """The signed assignment order starts the term on the order's start date; the term
        keeps its calendar months (the order's service records both, 2.3–2.4)."""

    @transition(
        field=state,
        source=S.ACTIVE,
        target=S.COMPLETED,
        permission=centre,
        custom=transition_metadata(
            _("Complete"),
            triggered_by=_(
                "A mentorship is completed only when the centre accepts its final report."
            ),
        ),
    )
    def complete(self):
        """The centre accepted the final report: the mentorship ends on its term."""
        self.ended_on = self.ends_on

    @transition(
        field=state,
        source=S.ACTIVE,
        target=S.TERMINATED,
        permission=head,
        custom=transition_metadata(
            _("Terminate early"),
            comment_required=True,
            triggered_by=_(
                "A mentorship ends early only by a signed termination order or a granted "
                "request to replace the mentor."
            ),
        ),
    )
    def terminate(self):
        """A termination order ends the mentorship before its term, on the day and for the
        reason that the order's (or the replacement's) service sets."""

    @transition(
        field=state,
        source=PRE_ACTIVE,
        target=S.CANCELLED,
        permission=school_staff,
        custom=transition_metadata(_("Cancel"), comment_required=True),
    )
    def cancel(self):
        """The mentorship will not go ahead; it stays on file."""
