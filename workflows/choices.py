"""Enumerations of the mentoring domain, with the labels the interface shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", _("School")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    ADDITIONAL_EDUCATION = "additional_education", _("Additional education organisation")
    EDUCATION_DEPARTMENT = "education_department", _("Education department")
    MENTORING_CENTRE = "mentoring_centre", _("Municipal mentoring centre")
    REGIONAL_INSTITUTE = "regional_institute", _("Regional institute")
    MINISTRY = "ministry", _("Ministry")


class ExperienceKind(models.TextChoices):
    TEACHING = "teaching", _("Teaching experience")
    MANAGEMENT = "management", _("Management experience")
    METHODOLOGICAL = "methodological", _("Methodological experience")


class Role(models.TextChoices):
    """The portal's roles; each is a Django group whose name is the code."""

    EDITOR = "editor", _("Portal editor")
    MODERATOR = "moderator", _("Publication moderator")
    CURATOR = "curator", _("Mentoring curator")
    ORG_HEAD = "org_head", _("Head of organisation")
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    CENTER = "center", _("Municipal mentoring centre")
    DEPARTMENT = "department", _("Education department")
    REGISTRAR = "registrar", _("Registry operator")


class MentoringKind(models.TextChoices):
    """The four kinds of mentoring of clause 2.1 of the regulation."""

    TRADITIONAL = "traditional", _("Traditional mentoring")
    MANAGEMENT = "management", _("Management mentoring")
    TUTORING = "tutoring", _("Tutoring")
    COACHING = "coaching", _("Coaching")
