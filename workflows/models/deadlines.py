"""What the documents of one mentorship share: its people, its scope and a due date."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workflows.choices import MentorshipState
from workflows.models.base import WorkflowDocument


class MentorshipDocument(WorkflowDocument):
    """A document filed in a mentorship's case; scope and permissions follow the mentorship.

    Permissions such as ``role_in_organisation`` and ``the_person("mentor", …)`` read
    ``organisation_id``, ``mentor_id`` and ``mentee_id``; here they come from the mentorship.
    """

    class Meta:
        abstract = True

    @property
    def organisation_id(self) -> int:
        return self.mentorship.organisation_id

    @property
    def mentor_id(self) -> int:
        return self.mentorship.mentor_id

    @property
    def mentee_id(self) -> int:
        return self.mentorship.mentee_id

    @property
    def mentor(self):
        return self.mentorship.mentor

    @property
    def mentee(self):
        return self.mentorship.mentee


def overdue_q(day: datetime.date, prefix: str = "") -> Q:
    """Due before ``day``, never submitted, and the mentorship still runs."""
    return Q(
        **{
            f"{prefix}due_on__lt": day,
            f"{prefix}submitted_on__isnull": True,
            f"{prefix}mentorship__state": MentorshipState.ACTIVE,
        }
    )


class DeadlineQuerySet(models.QuerySet):
    def overdue(self, day: datetime.date):
        """Documents whose author missed the due date and has still not submitted them."""
        return self.filter(overdue_q(day))


class DeadlineDocument(MentorshipDocument):
    """A document its author owes within a number of working days (clauses 4.1 and 6.1).

    ``due_on`` is fixed when the document is opened; ``submitted_on`` is the day it was first
    submitted, so a later return and resubmission does not make a punctual author late.
    """

    # The side of the mentorship who writes the document and answers for its deadline.
    AUTHOR: str = "mentor"

    due_on = models.DateField(_("due on"), null=True, blank=True)
    submitted_on = models.DateField(_("first submitted on"), null=True, blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_overdue_on(self, day: datetime.date) -> bool:
        """The single-object form of :meth:`DeadlineQuerySet.overdue`."""
        return (
            self.due_on is not None
            and self.due_on < day
            and self.submitted_on is None
            and self.mentorship.state == MentorshipState.ACTIVE
        )

    def record_submission(self, day: datetime.date) -> None:
        """Keep the first submission date: it decides whether the deadline was met."""
        if self.submitted_on is None:
            self.submitted_on = day
