"""The years of experience clause 2.1 asks of each part: one table for every rule that reads it.

The rules of mentorships (:mod:`workflows.rules`) and the eligibility for a status
(:mod:`workflows.models.applications`) both read it; it imports no models, so either may.
"""

from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from workflows.choices import CertificateKind, ExperienceKind, MentoringKind


class Threshold(NamedTuple):
    """At least ``years`` of ``experience``; ``shortfall`` says so when they are missing."""

    experience: ExperienceKind
    years: int
    shortfall: Promise


# Who may mentor in each kind of mentoring; coaching asks for no experience.
MENTOR_EXPERIENCE = {
    MentoringKind.TRADITIONAL: Threshold(
        ExperienceKind.TEACHING,
        10,
        _("The mentor has less than 10 years of teaching experience (clause 2.1)."),
    ),
    MentoringKind.MANAGEMENT: Threshold(
        ExperienceKind.MANAGEMENT,
        5,
        _("The mentor has less than 5 years of management experience (clause 2.1)."),
    ),
    MentoringKind.TUTORING: Threshold(
        ExperienceKind.METHODOLOGICAL,
        5,
        _("The tutor has less than 5 years of methodological experience (clause 2.1)."),
    ),
}

# Who may become a «Ментор» or a «Тьютор».
STATUS_EXPERIENCE = {
    CertificateKind.MENTOR: Threshold(
        ExperienceKind.MANAGEMENT,
        5,
        _(
            "A candidate for the «Mentor» status needs at least 5 years of management "
            "experience (clause 2.1)."
        ),
    ),
    CertificateKind.TUTOR: Threshold(
        ExperienceKind.METHODOLOGICAL,
        5,
        _(
            "A candidate for the «Tutor» status needs at least 5 years of methodological "
            "experience (clause 2.1)."
        ),
    ),
}

# A manager with fewer years than this is a new one, who may be a менти outside the reserve.
NEW_MANAGER_YEARS = 3
# A traditional mentee (2.1): a young specialist first started teaching fewer years ago than
# this; one newly appointed to a position has held it for fewer years than this.
YOUNG_SPECIALIST_YEARS = 3
NEWLY_APPOINTED_YEARS = 3


def has_experience(person, experience: ExperienceKind, on) -> bool:
    """Whether ``person``'s experience of this kind has begun by ``on``: experience recorded
    as starting later counts as none, not as "under a year"."""
    since = getattr(person, f"{experience}_experience_since")
    return since is not None and since <= on


def shortfall(person, threshold: Threshold, on) -> list[str]:
    """``threshold``'s message if ``person`` has fewer years of its experience on ``on``."""
    if person.experience_years(threshold.experience, on) >= threshold.years:
        return []
    return [str(threshold.shortfall)]
