from .calendar import CalendarOverride
from .directory import Organisation, Person
from .mentorships import Mentorship
from .orders import Order, OrderCounter, OrderVisa
from .statuses import Certificate, PublicationConsent, StatusApplication

__all__ = [
    "CalendarOverride",
    "Certificate",
    "Mentorship",
    "Order",
    "OrderCounter",
    "OrderVisa",
    "Organisation",
    "Person",
    "PublicationConsent",
    "StatusApplication",
]
