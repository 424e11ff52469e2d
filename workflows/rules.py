"""The rules table of DOMAIN.md for mentorships, each failing with its clause.

Checked when a mentorship is created and again when an order activates it; every function
here is a pure read that returns the Russian messages of the rules broken (empty: all hold).
"""

import datetime
from collections.abc import Iterable

from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from workflows.choices import (
    REGION_WIDE_MENTOR_STATUS,
    CertificateKind,
    ExperienceKind,
    MenteeBasis,
    MentoringKind,
    MentorshipState,
)
from workflows.periods import ONE_DAY, full_years_between, term_end
from workflows.thresholds import (
    MENTOR_EXPERIENCE,
    NEW_MANAGER_YEARS,
    NEWLY_APPOINTED_YEARS,
    YOUNG_SPECIALIST_YEARS,
    has_experience,
    shortfall,
)

MIN_TERM_MONTHS = 6
MAX_TERM_MONTHS = 36
MAX_MENTEES = {MentoringKind.TRADITIONAL: 2, MentoringKind.MANAGEMENT: 5}
# States in which a mentorship holds its mentor's time.
OCCUPYING_STATES = (
    MentorshipState.AWAITING_CONSENT,
    MentorshipState.AWAITING_ORDER,
    MentorshipState.ACTIVE,
)


def _day(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


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
    """Clause 2.4: a mentorship lasts from six months to three years, «с … по …» with both
    days included (:func:`workflows.periods.term_end`): from 01.09.2025 the shortest term ends
    on 28.02.2026 and the longest on 31.08.2028."""
    if not starts_on or not ends_on:
        return [_("The start and the end of the term are required (clause 2.4).")]
    shortest = term_end(starts_on, MIN_TERM_MONTHS)
    if ends_on < shortest:
        return [
            _(
                "Clause 2.4 of the Regulation: a term of mentoring lasts at least six months; "
                "starting on %(start)s it ends no earlier than %(end)s."
            )
            % {"start": _day(starts_on), "end": _day(shortest)}
        ]
    longest = term_end(starts_on, MAX_TERM_MONTHS)
    if ends_on > longest:
        return [
            _(
                "Clause 2.4 of the Regulation: a term of mentoring lasts at most three years; "
                "starting on %(start)s it ends no later than %(end)s."
            )
            % {"start": _day(starts_on), "end": _day(longest)}
        ]
    return []


def order_start_violations(starts_on: datetime.date, *, signed_on: datetime.date) -> list[str]:
    """Clause 2.3: the order assigns the mentor and sets the term, so the term starts no
    earlier than the day the order is signed: mentoring is not assigned backwards.

    This also keeps the start after both written consents (2.6): the order needs both, and a
    consent is never dated after the day it is recorded."""
    if starts_on >= signed_on:
        return []
    return [
        _(
            "Clause 2.3 of the Regulation: the mentor is assigned by the order, so the term "
            "cannot start before the order is signed: the order starts it on %(start)s and is "
            "signed on %(signed)s. Set a start no earlier than the day of signing."
        )
        % {"start": _day(starts_on), "signed": _day(signed_on)}
    ]


def most_at_once(
    terms: Iterable[tuple[datetime.date, datetime.date]],
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> int:
    """The largest number of ``terms`` (first and last day, both included) that run on any
    one day from ``starts_on`` to ``ends_on``: terms that follow one another (one ends on
    12.07, the next starts on 13.07) never run at the same time."""
    events = []
    for first, last in terms:
        first, last = max(first, starts_on), min(last, ends_on)
        if first <= last:
            events += [(first, 1), (last + ONE_DAY, -1)]
    peak = running = 0
    # On one day an end (-1) sorts before a start (+1): the place is free the day after.
    for _day_of_event, step in sorted(events):
        running += step
        peak = max(peak, running)
    return peak


def load_violations(mentorship) -> list[str]:
    """Clauses 2.5 and 2.1: how many mentees one mentor accompanies at the same time, that is
    on the same day: the most terms of the mentor's other mentorships of this kind that run on
    any one day of this term (:func:`most_at_once`).

    The count says what the mentor does in other organisations too; whoever drafts the
    mentorship sees only their own, so when any of the overlapping mentorships (or the mentor)
    belongs elsewhere the message says only that the limit is reached, not how or with whom.
    """
    limit = MAX_MENTEES.get(mentorship.kind)
    if limit is None or not mentorship.mentor_id:
        return []
    overlapping = list(
        holding_mentor(
            mentorship.mentor.mentorships_as_mentor.filter(kind=mentorship.kind),
            mentorship.starts_on,
            mentorship.ends_on,
        )
        .exclude(pk=mentorship.pk)
        .values_list("starts_on", "last_day", "organisation_id")
    )
    terms = [(first, last) for first, last, _organisation in overlapping]
    if most_at_once(terms, mentorship.starts_on, mentorship.ends_on) < limit:
        return []
    clause = "2.5" if mentorship.kind == MentoringKind.TRADITIONAL else "2.1"
    elsewhere = any(org != mentorship.organisation_id for _f, _l, org in overlapping)
    if elsewhere or mentorship.mentor.organisation_id != mentorship.organisation_id:
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
    if mentorship.kind == MentoringKind.TRADITIONAL:
        problems += traditional_mentee_violations(mentorship, on)
    if mentorship.kind == MentoringKind.MANAGEMENT:
        is_manager = has_experience(mentee, ExperienceKind.MANAGEMENT, on)
        is_new_manager = (
            is_manager
            and mentee.experience_years(ExperienceKind.MANAGEMENT, on) < NEW_MANAGER_YEARS
        )
        wants_growth = is_manager and mentorship.mentee_seeks_growth
        if not (mentee.in_management_reserve or is_new_manager or wants_growth):
            problems.append(
                _(
                    "The mentee is neither in the management reserve, nor a manager with up "
                    "to three years of experience, nor a manager seeking growth (clause 2.1)."
                )
            )
    return problems


def traditional_mentee_violations(mentorship, on: datetime.date) -> list[str]:
    """Clause 2.1: traditional mentoring is for a young specialist (first started teaching
    fewer than three years before ``on``) or for someone newly appointed to a position in
    which they have no experience (appointed on a recorded date, by ``on``, under three years
    before it). The draft records which of the two the mentee is."""
    mentee, basis = mentorship.mentee, mentorship.mentee_basis
    if basis == MenteeBasis.YOUNG_SPECIALIST:
        since = mentee.teaching_experience_since
        if not has_experience(mentee, ExperienceKind.TEACHING, on):
            return [
                _(
                    "Clause 2.1 of the Regulation: a young specialist is a teacher who has "
                    "already started teaching; on %(on)s the mentee has no teaching experience."
                )
                % {"on": _day(on)}
            ]
        if full_years_between(since, on) >= YOUNG_SPECIALIST_YEARS:
            return [
                _(
                    "Clause 2.1 of the Regulation: the mentee is not a young specialist: they "
                    "started teaching on %(since)s, three years or more before %(on)s."
                )
                % {"since": _day(since), "on": _day(on)}
            ]
        return []
    if basis == MenteeBasis.NEWLY_APPOINTED:
        appointed_on = mentorship.mentee_appointed_on
        if appointed_on is None:
            return [
                _(
                    "Clause 2.1 of the Regulation: give the date on which the mentee was "
                    "appointed to the position in which they have no experience."
                )
            ]
        if appointed_on > on:
            return [
                _(
                    "Clause 2.1 of the Regulation: the mentee is appointed on %(appointed)s, "
                    "after the start of the term (%(on)s); a future appointment does not count."
                )
                % {"appointed": _day(appointed_on), "on": _day(on)}
            ]
        if full_years_between(appointed_on, on) >= NEWLY_APPOINTED_YEARS:
            return [
                _(
                    "Clause 2.1 of the Regulation: the mentee is not newly appointed: they "
                    "were appointed on %(appointed)s, three years or more before %(on)s."
                )
                % {"appointed": _day(appointed_on), "on": _day(on)}
            ]
        return []
    return [
        _(
            "Clause 2.1 of the Regulation: traditional mentoring is for a young specialist or "
            "for someone newly appointed to a position without experience in it; say which "
            "the mentee is."
        )
    ]


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
