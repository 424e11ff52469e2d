from .calendar import CalendarOverride
from .directory import Organisation, Person
from .mentorships import Mentorship
from .notifications import NotificationPreference, SentNotice
from .orders import Order, OrderCounter, OrderVisa
from .plans import IndividualPlan, PlanItem
from .replacements import ReplacementRequest
from .reports import Questionnaire, Report
from .statuses import Certificate

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
    "Questionnaire",
    "ReplacementRequest",
    "Report",
    "SentNotice",
]
