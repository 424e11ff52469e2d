"""Demo mentorships and orders in every state, for every kind of mentoring.

Documents move only through the services, as in real use; each run advances what is not yet
in its target state, so a second run changes nothing.
"""

import datetime
from contextlib import nullcontext

from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from workflows.choices import MentorshipState, OrderState, Role
from workflows.demo import on_day, read_fixture, upsert
from workflows.demo.documents import accepted_report
from workflows.models import Certificate, Mentorship, Order, OrderVisa, Organisation, Person
from workflows.predicates import has_role
from workflows.services import mentorship_create, take_transition

DEMO_SCHOOL = "МБОУ «Гимназия города Юрги»"
# The smallest valid PDF: the demo's scanned consents.
SCAN = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
M = MentorshipState
CONSENTED = [M.AWAITING_ORDER, M.ACTIVE, M.COMPLETED, M.TERMINATED]


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


class Cast:
    """Who acts at each organisation: the demo users at the demo school, else the admins."""

    def __init__(self):
        self.users = {user.username: user for user in User.objects.all()}

    def __getitem__(self, username: str) -> User:
        return self.users[username]

    def at(self, organisation: Organisation, role: str) -> User:
        if organisation.short_name == DEMO_SCHOOL:
            return self.users[role]
        if organisation.short_name == "Управление образованием":
            return self.users["department"]
        return self.users["admin"]


def _person(surname_name: list[str], organisation: Organisation | None = None) -> Person:
    """The named person, looked up in ``organisation`` first (names repeat across schools)."""
    people = Person.objects.filter(surname=surname_name[0], name=surname_name[1])
    local = people.filter(organisation=organisation) if organisation else people.none()
    return local.get() if local.exists() else people.get()


def _login_as(person: Person, role: str) -> User | None:
    """The person's own login, if it holds ``role``."""
    return person.user if person.user and has_role(person.user, role) else None


def _move(document, name: str, user: User, comment: str = "", **values):
    return take_transition(document=document, name=name, user=user, comment=comment, values=values)


def load(log) -> None:
    """Certificates for the «Ментор» and «Тьютор» of the demo, then mentorships and orders."""
    data = read_fixture("mentorships.json")
    cast = Cast()
    organisations = {o.short_name: o for o in Organisation.objects.all()}

    for row in data["certificates"]:
        upsert(
            Certificate,
            {"number": row["number"]},
            {
                "person": _person(row["person"]),
                "kind": row["kind"],
                "issued_on": _date(row["issued_on"]),
                "direction": row.get("direction", ""),
            },
        )

    mentorships = {}
    for row in data["mentorships"]:
        organisation = organisations[row["organisation"]]
        term = data["terms"][row["term"]]
        mentor = _person(row["mentor"], organisation)
        mentee = _person(row["mentee"], organisation)
        mentorship = Mentorship.objects.filter(
            organisation=organisation, mentor=mentor, mentee=mentee, kind=row["kind"]
        ).first() or mentorship_create(
            user=cast.at(organisation, "curator"),
            organisation=organisation,
            kind=row["kind"],
            mentor=mentor,
            mentee=mentee,
            starts_on=_date(term["starts_on"]),
            ends_on=_date(term["ends_on"]),
            goal=row.get("goal", ""),
            **_mentee_basis(row),
        )
        _before_order(mentorship, row["state"], term, cast)
        mentorships[(*row["mentor"], *row["mentee"])] = (mentorship, row["state"])
    log(f"mentorships: {len(mentorships)}")

    for row in data["orders"]:
        _order(row, organisations[row["issuer"]], data["terms"][row["term"]], mentorships, cast)
    log(f"orders: {len(data['orders'])}")

    # A mentorship completes only when the centre accepts its final report (6.1–6.2).
    for mentorship, state in mentorships.values():
        mentorship.refresh_from_db()
        if state == M.COMPLETED and mentorship.state == M.ACTIVE:
            organisation = mentorship.organisation
            accepted_report(
                mentorship,
                mentor=_login_as(mentorship.mentor, Role.MENTOR) or cast.at(organisation, "mentor"),
                mentee=_login_as(mentorship.mentee, Role.MENTEE) or cast.at(organisation, "mentee"),
                head=cast.at(organisation, "head"),
                curator=cast.at(organisation, "curator"),
                # Only a mentor with a login marks activities done; these schools keep paper.
                done=0,
            )


def _mentee_basis(row: dict) -> dict:
    """Why the mentee of a traditional row may be mentored (2.1), where the row says so;
    otherwise the model's default, a young specialist."""
    if "mentee_basis" not in row:
        return {}
    return {
        "mentee_basis": row["mentee_basis"],
        "mentee_appointed_on": _date(row["mentee_appointed_on"]),
    }


def _before_order(mentorship: Mentorship, target: str, term: dict, cast: Cast) -> None:
    """Take a mentorship as far as it goes without an order: consent, or cancellation."""
    organisation = mentorship.organisation
    curator = cast.at(organisation, "curator")
    if target == M.DRAFT or mentorship.state not in (M.DRAFT, M.AWAITING_CONSENT):
        return
    if target == M.CANCELLED:
        _move(mentorship, "cancel", curator, comment="Наставляемая переведена в другую организацию")
        return
    if mentorship.state == M.DRAFT:
        _move(mentorship, "send_for_consent", curator)
    if target not in CONSENTED:
        return
    consented_on = _date(term["consented_on"])
    # A side with a login consents in person; for the others the curator records the paper.
    mentor_user = _login_as(mentorship.mentor, Role.MENTOR) or curator
    mentee_user = _login_as(mentorship.mentee, Role.MENTEE) or curator
    _move(
        mentorship,
        "consent_as_mentor",
        mentor_user,
        consented_on=consented_on,
        scan=ContentFile(SCAN, name=f"soglasie-{mentorship.pk}.pdf"),
    )
    _move(mentorship, "consent_as_mentee", mentee_user, consented_on=consented_on)


def _order(row, issuer, term, mentorships, cast: Cast) -> None:
    """Create the order once, then move it along its route to its target state."""
    order, _ = upsert(
        Order,
        {"issuer": issuer, "kind": row["kind"], "title": row["title"]},
        {
            "body": row.get("body", row["title"]),
            "starts_on": _date(term["starts_on"]) if row["kind"] == "assign_mentor" else None,
            "notice_given_on": _date(row["notice_given_on"]) if "notice_given_on" in row else None,
            "effective_on": _date(row["effective_on"]) if "effective_on" in row else None,
            "initiated_by": row.get("initiated_by", ""),
            "notice_given_to": row.get("notice_given_to", ""),
        },
    )
    already_prepared = row["state"] == OrderState.DRAFT and order.route.exists()
    if order.state != OrderState.DRAFT or already_prepared:
        return
    if not order.route.exists():
        for username in row["route"]:
            OrderVisa.objects.create(order=order, approver=cast[username])
        listed = [tuple(mentee) for mentee in row["mentees"]]
        order.mentorships.set(
            [
                m
                for key, (m, state) in mentorships.items()
                if key[2:] in listed and state in CONSENTED
            ]
        )
        order.save()
    if row["state"] == OrderState.DRAFT:
        return
    author = cast.at(issuer, "curator")
    signer = cast.at(issuer, "head")
    # An assignment order is sent and signed on the day its term starts (2.3); others today.
    with on_day(order.starts_on) if order.starts_on else nullcontext():
        _route(order, row["state"], author, signer)


def _route(order: Order, target: str, author: User, signer: User) -> None:
    """Move a prepared order along its route to ``target``."""
    _move(order, "submit", author)
    if target == OrderState.APPROVAL:
        return
    if target == OrderState.RETURNED:
        _move(order, "return_for_revision", signer, comment="Уточните дату начала наставничества")
        return
    for visa in order.route.all():
        _move(order, "give_visa", visa.approver)
    _move(order, "sign", signer)
    if target == OrderState.CANCELLED:
        _move(order, "cancel", signer, comment="Издан в новой редакции")
