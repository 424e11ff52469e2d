"""The mentee's request to replace the mentor (ходатайство о замене наставника, clause 5.2)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from django_fsm import FSMField, transition

from workflows.choices import MentorshipState, ReplacementState
from workflows.conditions import RuleKind, rule
from workflows.models.deadlines import MentorshipDocument
from workflows.permissions import head
from workflows.transitions import transition_metadata

S = ReplacementState


@rule(
    _("The mentorship is no longer active."),
    kind=RuleKind.TURN,
    where=lambda: models.Q(mentorship__state=MentorshipState.ACTIVE),
)
def mentorship_active(request) -> bool:
    return request.mentorship.state == MentorshipState.ACTIVE


class ReplacementRequest(MentorshipDocument):
    """Filed by the mentee when personal contact with the mentor is impossible; the head decides."""

    # Submitted as it is filed: the request is never a draft.
    EDITABLE_STATES = ()
    # The mentee filed it: the head's decision is e-mailed to them.
    AUTHOR = "mentee"
    DERIVED_FIELDS = ("decided_on", "effective_on", "new_mentor", "new_mentorship", "order")

    mentorship = models.ForeignKey(
        "workflows.Mentorship",
        verbose_name=_("mentorship"),
        on_delete=models.PROTECT,
        related_name="replacement_requests",
    )
    reason = models.TextField(_("why personal contact with the mentor is impossible"))
    proposed_mentor = models.ForeignKey(
        "workflows.Person",
        verbose_name=_("mentor the mentee proposes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    effective_on = models.DateField(
        _("last day of mentoring with the old mentor"), null=True, blank=True
    )
    new_mentor = models.ForeignKey(
        "workflows.Person",
        verbose_name=_("new mentor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    new_mentorship = models.OneToOneField(
        "workflows.Mentorship",
        verbose_name=_("new mentorship"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replacement_origin",
    )
    # The order that carries out a granted replacement (ends the old, assigns the new mentor).
    order = models.OneToOneField(
        "workflows.Order",
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replacement_request",
    )
    state = FSMField(_("state"), choices=S.choices, default=S.SUBMITTED, protected=True)

    class Meta:
        verbose_name = _("mentor replacement request")
        verbose_name_plural = _("mentor replacement requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return _("Replacement request: %(mentorship)s") % {"mentorship": self.mentorship}

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.APPROVED,
        conditions=[mentorship_active],
        permission=head,
        custom=transition_metadata(
            _("Grant"),
            form="workflows.forms.ReplacementApprovalForm",
            service="workflows.services.replacement_request_approve",
        ),
    )
    def approve(self):
        """The head agrees: a draft with the new mentor and the draft order that ends the old
        mentorship and assigns the new one open (the service records whom and when)."""
        self.decided_on = timezone.localdate()

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.REJECTED,
        permission=head,
        custom=transition_metadata(_("Reject"), comment_required=True),
    )
    def reject(self):
        """The head refuses, saying why; the mentorship goes on."""
        self.decided_on = timezone.localdate()
