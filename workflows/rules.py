"""The rules table of DOMAIN.md for mentorships, each failing with its clause.

Checked when a mentorship is created and again when an order activates it; every function
here is a pure read that returns the Russian messages of the rules broken (empty: all hold).
"""

import datetime

from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from dateutil.relativedelta import relativedelta

from workflows.choices import (
    REGION_WIDE_MENTOR_STATUS,
    CertificateKind,
    ExperienceKind,
    MentoringKind,
    MentorshipState,
)
from workflows.thresholds import MENTOR_EXPERIENCE, NEW_MANAGER_YEARS, shortfall

MIN_TERM = relativedelta(months=6)
MAX_TERM = relativedelta(years=3)
MAX_MENTEES = {MentoringKind.TRADITIONAL: 2, MentoringKind.MANAGEMENT: 5}
# States in which a mentorship holds its mentor's time.
OCCUPYING_STATES = (
    MentorshipState.AWAITING_CONSENT,
    MentorshipState.AWAITING_ORDER,
    MentorshipState.ACTIVE,
)


def holding_mentor(mentorships, starts_on, ends_on):
    """Of ``mentorships``, those that hold their mentor's time on some day from ``starts_on``
    to ``ends_on``: pending and active ones over their term, and one being ended early through
    its last day (``ended_on``, Labour Code art. 351.8) and not after, by date alone."""
    return mentorships.annotate(last_day=Coalesce("ended_on", "ends_on")).filter(
        Q(state__in=OCCUPYING_STATES) | Q(state=MentorshipState.TERMINATED),
        starts_on__lte=ends_on,
        last_day__gte=starts_on,
    )


def term_violations(starts_on, ends_on) -> list[str]:
    """Clause 2.4: a mentorship lasts from six months to three years."""
    if not starts_on or not ends_on:
        return [_("The start and the end of the term are required (clause 2.4).")]
    if ends_on < starts_on + MIN_TERM:
        return [_("The term of mentoring is shorter than six months (clause 2.4).")]
    if ends_on > starts_on + MAX_TERM:
        return [_("The term of mentoring is longer than three years (clause 2.4).")]
    return []


def load_violations(mentorship) -> list[str]:
    """Clauses 2.5 and 2.1: how many mentees one mentor accompanies at the same time.

    The count says what the mentor does in other organisations too; whoever drafts the
    mentorship sees only their own, so when any of the overlapping mentorships (or the mentor)
    belongs elsewhere the message says only that the limit is reached, not how or with whom.
    """
    limit = MAX_MENTEES.get(mentorship.kind)
    if limit is None or not mentorship.mentor_id:
        return []
    counts = (
        holding_mentor(
            mentorship.mentor.mentorships_as_mentor.filter(kind=mentorship.kind),
            mentorship.starts_on,
            mentorship.ends_on,
        )
        .exclude(pk=mentorship.pk)
        .aggregate(
            total=Count("pk"),
            elsewhere=Count("pk", filter=~Q(organisation_id=mentorship.organisation_id)),
        )
    )
    if counts["total"] < limit:
        return []
    clause = "2.5" if mentorship.kind == MentoringKind.TRADITIONAL else "2.1"
    if counts["elsewhere"] or mentorship.mentor.organisation_id != mentorship.organisation_id:
        return [
            _("The chosen mentor cannot take on another mentee for this term (clause %(clause)s).")
            % {"clause": clause}
        ]
    if mentorship.kind == MentoringKind.TRADITIONAL:
        return [_("The mentor already accompanies two mentees (clause 2.5).")]
    return [_("The mentor already accompanies five mentees (clause 2.1).")]


def origin_violations(mentorship, on: datetime.date) -> list[str]:
    """Clause 2.1: where the mentor comes from.

    The organisation's own staff, always; someone of another organisation only in the kinds
    whose mentor may come from anywhere in the region, and only while holding that kind's
    status. An outsider who may not be chosen is refused with this alone: their experience and
    their load are not looked at, so the message tells nothing of another organisation's
    records.
    """
    if mentorship.mentor.organisation_id == mentorship.organisation_id:
        return []
    status = REGION_WIDE_MENTOR_STATUS.get(mentorship.kind)
    if status is None:
        return [
            _(
                "The mentor is chosen among the staff of the organisation of the mentorship; "
                "only a «mentor» or a tutor with a valid status may come from another "
                "organisation (clause 2.1)."
            )
        ]
    if not mentorship.mentor.certificates.has_valid(status, on):
        if status == CertificateKind.MENTOR:
            return [
                _(
                    "A «mentor» of another organisation must hold a valid «Mentor» status "
                    "(clause 2.1)."
                )
            ]
        return [_("A tutor of another organisation must hold a valid «Tutor» status (clause 2.1).")]
    return []


def qualification_violations(mentorship, on: datetime.date) -> list[str]:
    """Clause 2.1: who may mentor and be mentored in each kind of mentoring."""
    mentor, mentee = mentorship.mentor, mentorship.mentee
    problems = []
    status = REGION_WIDE_MENTOR_STATUS.get(mentorship.kind)
    if status == CertificateKind.MENTOR and not mentor.certificates.has_valid(status, on):
        problems.append(_("The mentor holds no valid «Mentor» status (clause 2.1)."))
    if status == CertificateKind.TUTOR and not mentor.certificates.has_valid(status, on):
        problems.append(_("The tutor holds no valid «Tutor» status (clause 2.1)."))
    if mentorship.kind in MENTOR_EXPERIENCE:
        problems += shortfall(mentor, MENTOR_EXPERIENCE[mentorship.kind], on)
    if mentorship.kind == MentoringKind.MANAGEMENT:
        is_new_manager = (
            mentee.management_experience_since is not None
            and mentee.experience_years(ExperienceKind.MANAGEMENT, on) < NEW_MANAGER_YEARS
        )
        wants_growth = mentee.management_experience_since is not None and (
            mentorship.mentee_seeks_growth
        )
        if not (mentee.in_management_reserve or is_new_manager or wants_growth):
            problems.append(
                _(
                    "The mentee is neither in the management reserve, nor a manager with up "
                    "to three years of experience, nor a manager seeking growth (clause 2.1)."
                )
            )
    return problems


def status_cover_violations(mentorship) -> list[str]:
    """Clause 2.1: a «mentor» or a tutor mentors only while the status is valid, so the term
    may not run past the last day of the status it relies on (the latest valid at the start;
    holding none at all is :func:`qualification_violations`' to say)."""
    status = REGION_WIDE_MENTOR_STATUS.get(mentorship.kind)
    if status is None:
        return []
    last_day = (
        mentorship.mentor.certificates.valid_on(mentorship.starts_on)
        .filter(kind=status)
        .aggregate(last=Max("valid_until"))["last"]
    )
    if last_day is None or mentorship.ends_on <= last_day:
        return []
    return [
        _(
            "The term runs past the end of the mentor's status (valid until %(date)s): a "
            "«mentor» or a tutor mentors only while the status is valid (clause 2.1)."
        )
        % {"date": last_day.strftime("%d.%m.%Y")}
    ]


def mentorship_violations(mentorship, on: datetime.date | None = None) -> list[str]:
    """Every rule of the table the mentorship breaks on ``on`` (default: its start date)."""
    if not (mentorship.mentor_id and mentorship.mentee_id):
        return [_("Both the mentor and the mentee are required.")]
    if mentorship.mentor_id == mentorship.mentee_id:
        return [_("A person cannot mentor themselves.")]
    on = on or mentorship.starts_on
    problems = term_violations(mentorship.starts_on, mentorship.ends_on)
    if problems:
        return problems
    if mentorship.mentee.organisation_id != mentorship.organisation_id:
        problems.append(_("The mentee does not work in the organisation of the mentorship."))
    origin = origin_violations(mentorship, on)
    if origin:
        return problems + origin
    return (
        problems
        + load_violations(mentorship)
        + qualification_violations(mentorship, on)
        + status_cover_violations(mentorship)
    )
