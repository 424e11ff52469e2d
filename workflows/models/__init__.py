from .calendar import CalendarOverride
from .directory import Organisation, Person
from .mentorships import Mentorship
from .notifications import NotificationPreference, SentNotice
from .orders import Order, OrderCounter, OrderVisa
from .plans import IndividualPlan, PlanItem
from .replacements import ReplacementRequest
from .reports import Questionnaire, Report
from .statuses import Certificate, PublicationConsent, StatusApplication

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
