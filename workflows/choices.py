"""Enumerations of the mentoring domain, with the labels the interface shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
    """The four kinds of mentoring of clause 2.1."""

    TRADITIONAL = "traditional", _("Traditional mentoring")
    MANAGEMENT = "management", _("Management mentoring")
    TUTORING = "tutoring", _("Tutoring")
    COACHING = "coaching", _("Coaching")


class MentorshipState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("mentorship state", "Draft")
    AWAITING_CONSENT = "awaiting_consent", pgettext_lazy("mentorship state", "Awaiting consent")
    AWAITING_ORDER = "awaiting_order", pgettext_lazy("mentorship state", "Awaiting order")
    ACTIVE = "active", pgettext_lazy("mentorship state", "Active")
    COMPLETED = "completed", pgettext_lazy("mentorship state", "Completed")
    TERMINATED = "terminated", pgettext_lazy("mentorship state", "Terminated early")
    CANCELLED = "cancelled", pgettext_lazy("mentorship state", "Cancelled")


class OrderKind(models.TextChoices):
    ASSIGN_MENTOR = "assign_mentor", _("Assignment of mentors")
    TERMINATE_MENTOR = "terminate_mentor", _("Termination or replacement of mentors")
    ORGANISE_MENTORING = "organise_mentoring", _("Organisation of mentoring")
    APPOINT_CENTRE_HEAD = "appoint_centre_head", _("Appointment of the head of the centre")
    GRANT_STATUS = "grant_status", _("Granting of statuses")


class OrderState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("order state", "Draft")
    APPROVAL = "approval", pgettext_lazy("order state", "On approval")
    RETURNED = "returned", pgettext_lazy("order state", "Returned for revision")
    SIGNED = "signed", pgettext_lazy("order state", "Signed")
    CANCELLED = "cancelled", pgettext_lazy("order state", "Cancelled")


class RouteMode(models.TextChoices):
    PARALLEL = "parallel", _("In parallel")
    SEQUENTIAL = "sequential", _("In sequence")


class VisaDecision(models.TextChoices):
    PENDING = "pending", pgettext_lazy("visa decision", "Pending")
    APPROVED = "approved", pgettext_lazy("visa decision", "Approved")
    RETURNED = "returned", pgettext_lazy("visa decision", "Returned")


class CertificateKind(models.TextChoices):
    MENTOR = "mentor", _("«Mentor» status")
    TUTOR = "tutor", _("«Tutor» status")


# The kinds of mentoring whose mentor may come from any organisation of the region, and the
# status that qualifies such a mentor (2.1: менти choose their ментор among the region's
# менторы; тьюторы work across organisations). Every other kind takes the organisation's staff.
REGION_WIDE_MENTOR_STATUS = {
    MentoringKind.MANAGEMENT: CertificateKind.MENTOR,
    MentoringKind.TUTORING: CertificateKind.TUTOR,
}


class CertificateState(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("certificate state", "Active")
    SUSPENDED = "suspended", pgettext_lazy("certificate state", "Suspended")
    REVOKED = "revoked", pgettext_lazy("certificate state", "Revoked")


class StatusApplicationState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status application state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("status application state", "Submitted")
    RECOMMENDED = "recommended", pgettext_lazy("status application state", "Recommended")
    IN_TRAINING = "in_training", pgettext_lazy("status application state", "In training")
    TRAINED = "trained", pgettext_lazy("status application state", "Trained")
    GRANTED = "granted", pgettext_lazy("status application state", "Granted")
    REJECTED = "rejected", pgettext_lazy("status application state", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("status application state", "Withdrawn")


class Nominator(models.TextChoices):
    """Who puts a candidate forward for a status (clause 2.1)."""

    DEPARTMENT = "department", _("Education department")
    METHODOLOGICAL_SERVICE = "methodological_service", _("Methodological service")
    REGIONAL_ASSOCIATION = "regional_association", _("Regional association")
    SELF = "self", _("Self-nomination")
    TRAINING_INSTITUTE = "training_institute", _("A unit of КРИПКиПРО or КРИРПО")
    METHODOLOGICAL_ASSOCIATION = (
        "methodological_association",
        _("Regional or municipal methodological association"),
    )
    EDUCATIONAL_ORGANISATION = "educational_organisation", _("Educational organisation")


class TrainingProvider(models.TextChoices):
    KRIPKIPRO = "kripkipro", "КРИПКиПРО"
    KRIRPO = "krirpo", "КРИРПО"


class PlanState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("plan state", "Submitted")
    RETURNED = "returned", pgettext_lazy("plan state", "Returned for revision")
    APPROVED = "approved", pgettext_lazy("plan state", "Approved")


class ActivityForm(models.TextChoices):
    """Forms of the activities of an individual plan."""

    CONSULTATION = "consultation", _("Consultation")
    INTERNSHIP = "internship", _("Internship")
    MASTER_CLASS = "master_class", _("Master class")
    OPEN_LESSON = "open_lesson", _("Open lesson")
    LESSON_VISIT = "lesson_visit", _("Visit to lessons")
    PROJECT = "project", _("Project")
    SELF_STUDY = "self_study", _("Self-study")
    OTHER = "other", _("Other")


class ReportState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("report state", "Submitted")
    RETURNED = "returned", pgettext_lazy("report state", "Returned for revision")
    APPROVED = "approved", pgettext_lazy("report state", "Approved")
    SENT = "sent", pgettext_lazy("report state", "Sent to the centre")
    ACCEPTED = "accepted", pgettext_lazy("report state", "Accepted by the centre")


class QuestionnaireState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("questionnaire state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("questionnaire state", "Handed in")


class Score(models.IntegerChoices):
    """How far the mentee agrees with a statement of the questionnaire."""

    ONE = 1, _("1 — not at all")
    TWO = 2, _("2 — rather not")
    THREE = 3, _("3 — partly")
    FOUR = 4, _("4 — mostly")
    FIVE = 5, _("5 — fully")


class ReplacementState(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("replacement request state", "Awaiting decision")
    APPROVED = "approved", pgettext_lazy("replacement request state", "Granted")
    REJECTED = "rejected", pgettext_lazy("replacement request state", "Rejected")


class NoticeKind(models.TextChoices):
    """The e-mails the portal sends; the essential ones cannot be turned off."""

    ACTION_REQUIRED = "action_required", _("Your action is required")
    FOR_INFORMATION = "for_information", _("A document of yours has moved")
    DUE_SOON = "due_soon", _("A document is due in two working days")
    OVERDUE = "overdue", _("A document is overdue")
    CERTIFICATE_90 = "certificate_90", _("A certificate expires in 90 days")
    CERTIFICATE_30 = "certificate_30", _("A certificate expires in 30 days")


class MenteeBasis(models.TextChoices):
    """Why someone may be a mentee of traditional mentoring (2.1)."""

    YOUNG_SPECIALIST = "young_specialist", _("Young specialist (teaching for under three years)")
    NEWLY_APPOINTED = "newly_appointed", _("Newly appointed to a position without experience in it")


class EarlyEndInitiator(models.TextChoices):
    """The party that ends a mentorship early (Labour Code art. 351.8 part 3)."""

    MENTOR = "mentor", _("The mentor refuses to mentor")
    EMPLOYER = "employer", _("The employer cancels the assignment")
