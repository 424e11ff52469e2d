from .applications import StatusApplication
from .calendar import CalendarOverride
from .certificates import Certificate
from .consents import PublicationConsent
from .directory import Organisation, Person
from .mentorships import Mentorship
from .notifications import NotificationPreference, SentNotice
from .orders import Order, OrderCounter, OrderVisa
from .plans import IndividualPlan, PlanItem
from .replacements import ReplacementRequest
from .reports import Questionnaire, Report

__all__ = [
    "CalendarOverride",
    "Certificate",
    "IndividualPlan",
    "Mentorship",
    "NotificationPreference",
    "Order",
    "OrderCounter",
    "OrderVisa",
    "Organisation",
    "Person",
    "PlanItem",
    "PublicationConsent",
    "Questionnaire",
    "ReplacementRequest",
    "Report",
    "SentNotice",
    "StatusApplication",
]
