"""Demo status applications in every state, 40 certificates and their publication consents.

Dates count from the day of the first load; a later run finds every row by its number or its
person and changes nothing, so the demo can be loaded any number of times.
"""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from workflows.choices import (
    CertificateKind,
    CertificateState,
    Nominator,
    OrganisationKind,
    StatusApplicationState,
)
from workflows.demo import upsert
from workflows.models import Certificate, Organisation, Person, PublicationConsent
from workflows.models.applications import StatusApplication
from workflows.models.certificates import CERTIFICATE_TERM
from workflows.services import find_transition, perform_transition, take_transition

A = StatusApplicationState
DIRECTIONS = [
    "Функциональная грамотность",
    "Инклюзивное образование",
    "Цифровая образовательная среда",
    "Проектная деятельность школьников",
    "Работа с одарёнными детьми",
]
# Candidates of the demo applications, one per state of the machine.
CANDIDATES = [
    ("Ёлкина", "Вера", "Павловна", A.DRAFT, CertificateKind.TUTOR,
     Nominator.EDUCATIONAL_ORGANISATION),
    # The demo head of school (login «head») nominates himself.
    (None, None, None, A.SUBMITTED, CertificateKind.MENTOR, Nominator.SELF),
    ("Лаптева", "Ирина", "Олеговна", A.RECOMMENDED, CertificateKind.TUTOR,
     Nominator.METHODOLOGICAL_SERVICE),
    ("Мухин", "Денис", "Андреевич", A.IN_TRAINING, CertificateKind.MENTOR, Nominator.DEPARTMENT),
    ("Носова", "Алла", "Игоревна", A.TRAINED, CertificateKind.TUTOR,
     Nominator.TRAINING_INSTITUTE),
    ("Панов", "Глеб", "Сергеевич", A.GRANTED, CertificateKind.MENTOR, Nominator.DEPARTMENT),
    ("Рябова", "Нина", "Юрьевна", A.REJECTED, CertificateKind.MENTOR, Nominator.DEPARTMENT),
    ("Сазонов", "Пётр", "Ильич", A.WITHDRAWN, CertificateKind.TUTOR,
     Nominator.METHODOLOGICAL_ASSOCIATION),
]  # fmt: skip
PATHS = {
    A.DRAFT: [],
    A.SUBMITTED: ["submit"],
    A.RECOMMENDED: ["submit", "recommend"],
    A.IN_TRAINING: ["submit", "recommend", "enrol"],
    A.TRAINED: ["submit", "recommend", "enrol", "record_training"],
    A.GRANTED: ["submit", "recommend", "enrol", "record_training", "grant"],
    A.REJECTED: ["submit", "reject"],
    A.WITHDRAWN: ["submit", "recommend", "withdraw"],
}
SCHOOL_KINDS = [OrganisationKind.SCHOOL, OrganisationKind.KINDERGARTEN]


def load(log) -> None:
    """Applications in every state; certificates valid, expiring, expired, suspended, revoked."""
    users = {user.username: user for user in User.objects.filter(username__in=_ACTORS.values())}
    schools = list(Organisation.objects.filter(kind__in=SCHOOL_KINDS).order_by("short_name"))
    for n, row in enumerate(CANDIDATES):
        _application(n, row, schools[n % len(schools)], users)
    log(f"status applications: {len(CANDIDATES)}")

    holders = list(
        Person.objects.filter(organisation__kind__in=SCHOOL_KINDS)
        .filter(status_applications__isnull=True)
        .order_by("surname", "name", "pk")[:40]
    )
    for n, holder in enumerate(holders):
        _certificate(n, holder, users["registrar"])
    log(f"certificates: {len(holders)}")


_ACTORS = {
    Nominator.DEPARTMENT: "department",
    Nominator.METHODOLOGICAL_SERVICE: "center",
    Nominator.REGIONAL_ASSOCIATION: "registrar",
    Nominator.TRAINING_INSTITUTE: "registrar",
    Nominator.METHODOLOGICAL_ASSOCIATION: "center",
}


def _application(n, row, school, users) -> None:
    surname, name, patronymic, target, kind, nominator = row
    if nominator == Nominator.SELF:
        person = Person.objects.get(user__username="head")
    else:
        person, _ = upsert(
            Person,
            {"surname": surname, "name": name, "patronymic": patronymic, "organisation": school},
            {
                "position": "заместитель директора"
                if kind == CertificateKind.MENTOR
                else "методист",
                "management_experience_since": datetime.date(2012, 9, 1),
                "methodological_experience_since": datetime.date(2010, 9, 1),
            },
        )
    application, _ = upsert(
        StatusApplication,
        {"person": person, "kind": kind},
        {
            "nominated_by": nominator,
            "direction": DIRECTIONS[n % len(DIRECTIONS)] if kind == CertificateKind.TUTOR else "",
            "justification": "Высокие результаты наставнической деятельности.",
        },
    )
    today = timezone.localdate()
    params = {
        "enrol": {"enrolled_on": today},
        "record_training": {
            "training_certificate_number": f"4224000{n:05d}",
            "training_certificate_date": today,
            "training_provider": "kripkipro",
        },
        "grant": {
            "ministry_order_number": "2150",
            "ministry_order_date": today,
            "certificate_number": f"42-М-{9000 + n}",
        },
    }
    for step in PATHS[target]:
        if find_transition(application, step) is None:
            continue  # already past this step on an earlier run
        if step in ("submit", "withdraw"):
            actor = person.user if nominator == Nominator.SELF else users[_ACTORS[nominator]]
        elif step in ("recommend", "reject"):
            actor = users["department"]
        else:
            actor = users["registrar"]
        application = take_transition(
            document=application,
            name=step,
            user=actor,
            comment="Демонстрационные данные" if step in ("reject", "withdraw") else "",
            values=params.get(step, {}),
        )


def _certificate(n: int, holder: Person, registrar: User) -> None:
    """Certificate ``n`` of 40: 24 valid, 5 expiring within 30 days, 5 expired, 3 suspended,
    3 revoked; alternately «Ментор» and «Тьютор»."""
    kind = CertificateKind.TUTOR if n % 2 else CertificateKind.MENTOR
    number = f"42-{'Т' if kind == CertificateKind.TUTOR else 'М'}-{1000 + n}"
    certificate = Certificate.objects.filter(number=number).select_related("person").first()
    if certificate is None:
        today = timezone.localdate()
        if n < 24 or n >= 34:
            issued_on = today - datetime.timedelta(days=30 + 25 * (n % 24))
        elif n < 29:  # expiring within 30 days
            issued_on = today - CERTIFICATE_TERM + datetime.timedelta(days=3 + 5 * (n - 24))
        else:  # expired
            issued_on = today - CERTIFICATE_TERM - datetime.timedelta(days=10 + 20 * (n - 29))
        certificate = Certificate(
            person=holder,
            kind=kind,
            number=number,
            issued_on=issued_on,
            direction=DIRECTIONS[n % len(DIRECTIONS)] if kind == CertificateKind.TUTOR else "",
            order_number=str(1800 + n),
            order_date=issued_on,
        )
        certificate._change_reason = "Демонстрационные данные"
        certificate.save()
    if 34 <= n < 37 and certificate.state == CertificateState.ACTIVE:
        perform_transition(
            document=certificate, name="suspend", user=registrar, comment="По заявлению"
        )
    if n >= 37 and certificate.state != CertificateState.REVOKED:
        perform_transition(
            document=certificate, name="revoke", user=registrar, comment="Нарушение Положения"
        )
    _consent(n, certificate)


def _consent(n: int, certificate: Certificate) -> None:
    """Most holders consent (some hide a field or two); every seventh does not; one withdrew."""
    if n % 7 == 3:
        return
    given_on = certificate.issued_on
    upsert(
        PublicationConsent,
        {"person": certificate.person, "given_on": given_on},
        {
            "show_organisation": True,
            "show_position": n % 4 != 0,
            "show_direction": True,
            "show_number": n % 5 != 0,
            "show_valid_until": True,
            "show_order": n % 3 == 0,
            "withdrawn_on": given_on + datetime.timedelta(days=60) if n == 5 else None,
        },
    )
