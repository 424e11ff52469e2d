"""E-mails in Russian: after each committed transition, and the daily reminders.

Everything here runs after the transaction that moved a document has committed, and a mail
server that fails is logged, never raised: a notice can be lost, a transition cannot.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from workflows import transitions
from workflows.choices import MentorshipState, NoticeKind, Role
from workflows.grammar import user_name
from workflows.mail import queue_mail
from workflows.models import (
    CalendarOverride,
    Certificate,
    NotificationPreference,
    Order,
    Questionnaire,
    Report,
    SentNotice,
)
from workflows.models.deadlines import MentorshipDocument
from workflows.predicates import MUNICIPAL_ROLES
from workflows.tasks import DEADLINE_MODELS, awaited_actions, document_path

# Requests to act and missed deadlines always go out; the rest a user may turn off.
ESSENTIAL = frozenset({NoticeKind.ACTION_REQUIRED, NoticeKind.OVERDUE, NoticeKind.CERTIFICATE_30})
DUE_SOON_WORKING_DAYS = 2
CERTIFICATE_NOTICES = ((30, NoticeKind.CERTIFICATE_30), (90, NoticeKind.CERTIFICATE_90))


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    user: User | None = None

    @classmethod
    def of_user(cls, user: User) -> "Recipient":
        return cls(user.email, user.get_full_name() or user.username, user)

    @classmethod
    def of_person(cls, person) -> "Recipient | None":
        """A person's login if they have one with an e-mail, else the e-mail on file."""
        user = person.user
        if user is not None and user.email:
            return cls.of_user(user)
        return (
            cls(person.email, f"{person.name} {person.patronymic}".strip())
            if person.email
            else None
        )


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def wants(recipient: Recipient, kind: str) -> bool:
    """Whether ``recipient`` accepts a notice of ``kind`` (essential ones always)."""
    if kind in ESSENTIAL or recipient.user is None:
        return True
    preference = NotificationPreference.objects.filter(user=recipient.user).first()
    return preference is None or preference.non_essential


def send_notice(
    *, kind: str, recipient: Recipient, subject: str, headline: str, reason: str, document, **extra
) -> bool:
    """Render and send one notice; ``False`` when it was not wanted or the mail server failed."""
    if not recipient.email or not wants(recipient, kind):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "workflows/email/notice.txt",
            {
                "name": recipient.name,
                "headline": headline,
                "document": document,
                "state": document.get_state_display() if hasattr(document, "state") else "",
                "url": _absolute(document_path(document)),
                "reason": reason,
                "optional": kind not in ESSENTIAL and recipient.user is not None,
                "account_url": _absolute(reverse("wagtailadmin_account")),
                **extra,
            },
        )
        # Queued, not sent here: the worker talks to the mail server (workflows.mail).
        return queue_mail(
            f"[{settings.WAGTAIL_SITE_NAME}] {subject}",
            body,
            recipient.email,
            about=f"{kind} about {document}",
        )


# -- after a transition ---------------------------------------------------------------------


def _candidates(document):
    """The users a document might wait for: its organisation's, the municipal bodies', and for
    an order the approvers on its sheet."""
    involved = Q(person__organisation_id=document.organisation_id) | Q(
        groups__name__in=MUNICIPAL_ROLES
    )
    if isinstance(document, Order):
        involved |= Q(order_visas__order=document)
    return (
        User.objects.filter(involved, is_active=True, is_superuser=False)
        .exclude(email="")
        .select_related("person")
        .distinct()
    )


def notify_document(*, document, actor: User, comment: str = "") -> set[int]:
    """E-mail every user ``document`` now waits for, except ``actor``; their ids."""
    notified = set()
    for user in _candidates(document):
        actions = awaited_actions(document, user)
        if user.pk == actor.pk or not actions:
            continue
        sent = send_notice(
            kind=NoticeKind.ACTION_REQUIRED,
            recipient=Recipient.of_user(user),
            subject=_("Your action is required: %(document)s") % {"document": document},
            headline=_("The document is waiting for your action."),
            reason=_("the document cannot move on until you act on it."),
            document=document,
            actions=[transitions.label(t) for t in actions],
            due_on=getattr(document, "due_on", None),
            comment=comment,
        )
        if sent:
            notified.add(user.pk)
    return notified


def _author(document):
    side = getattr(type(document), "AUTHOR", None)
    if side is None or not isinstance(document, MentorshipDocument):
        return None
    return Recipient.of_person(getattr(document, side))


def notify_transition(*, document, actor: User, action: str, comment: str = "") -> None:
    """After a committed transition: the next actors, the author, and documents it unblocks."""
    notified = notify_document(document=document, actor=actor, comment=comment)
    author = _author(document)
    if author and author.user and author.user.pk not in notified | {actor.pk}:
        send_notice(
            kind=NoticeKind.FOR_INFORMATION,
            recipient=author,
            subject=_("%(document)s: «%(state)s»")
            % {"document": document, "state": document.get_state_display()},
            headline=_("«%(action)s» — %(actor)s.") % {"action": action, "actor": user_name(actor)},
            reason=_("you are the author of this document."),
            document=document,
            comment=comment,
        )
    # The report waits for the questionnaire before it can go to the centre (6.2).
    if isinstance(document, Questionnaire):
        report = Report.objects.filter(mentorship_id=document.mentorship_id).first()
        if report is not None:
            notify_document(document=report, actor=actor)


# -- the daily reminders --------------------------------------------------------------------


def _remind(kind: str, document, recipients, **notice) -> int:
    """Send ``kind`` about ``document`` to each recipient who has not had it yet."""
    model = document._meta.label
    already = set(
        SentNotice.objects.filter(kind=kind, model=model, object_id=document.pk).values_list(
            "email", flat=True
        )
    )
    sent = 0
    for recipient in {r for r in recipients if r is not None and r.email not in already}:
        if send_notice(kind=kind, recipient=recipient, document=document, **notice):
            SentNotice.objects.create(
                kind=kind, model=model, object_id=document.pk, email=recipient.email
            )
            sent += 1
    return sent


def _curators(organisation_id: int) -> list[Recipient]:
    users = User.objects.filter(
        groups__name=Role.CURATOR, person__organisation_id=organisation_id, is_active=True
    ).exclude(email="")
    return [Recipient.of_user(user) for user in users]


def send_reminders(today: datetime.date) -> int:
    """Due-soon, overdue and certificate expiry notices for ``today``; how many were sent.

    Each notice goes to each recipient once (recorded in :class:`SentNotice`), so the daily
    run may be repeated, or miss a day, without duplicates or gaps.
    """
    sent = 0
    soon = CalendarOverride.objects.add_working_days(today, DUE_SOON_WORKING_DAYS)
    for model in DEADLINE_MODELS:
        pending = model.objects.filter(
            submitted_on__isnull=True, mentorship__state=MentorshipState.ACTIVE
        ).select_related(
            "mentorship__mentor__user", "mentorship__mentee__user", "mentorship__organisation"
        )
        for document in pending.filter(due_on__gte=today, due_on__lte=soon):
            sent += _remind(
                NoticeKind.DUE_SOON,
                document,
                [_author(document)],
                subject=_("Due on %(date)s: %(document)s")
                % {"date": f"{document.due_on:%d.%m.%Y}", "document": document},
                headline=_("The document is due in two working days."),
                reason=_("you are responsible for this document and its due date is near."),
                due_on=document.due_on,
            )
        for document in pending.overdue(today):
            notice = {
                "subject": _("Overdue since %(date)s: %(document)s")
                % {"date": f"{document.due_on:%d.%m.%Y}", "document": document},
                "headline": _("The due date has passed and the document is not submitted."),
                "due_on": document.due_on,
            }
            sent += _remind(
                NoticeKind.OVERDUE,
                document,
                [_author(document)],
                reason=_("you are responsible for this document and its due date has passed."),
                **notice,
            )
            sent += _remind(
                NoticeKind.OVERDUE,
                document,
                _curators(document.mentorship.organisation_id),
                reason=_("as the curator you follow the deadlines of your organisation (2.7)."),
                **notice,
            )
    sent += _certificate_notices(today)
    return sent


def _certificate_notices(today: datetime.date) -> int:
    sent = 0
    horizon = today + datetime.timedelta(days=CERTIFICATE_NOTICES[-1][0])
    expiring = (
        Certificate.objects.valid_on(today)
        .filter(valid_until__lte=horizon)
        .select_related("person__user")
    )
    for certificate in expiring:
        days_left = (certificate.valid_until - today).days
        kind = next(kind for days, kind in CERTIFICATE_NOTICES if days_left <= days)
        sent += _remind(
            kind,
            certificate,
            [Recipient.of_person(certificate.person)],
            subject=_("Your certificate %(number)s expires on %(date)s")
            % {"number": certificate.number, "date": f"{certificate.valid_until:%d.%m.%Y}"},
            headline=_(
                "The status is valid for three years (clause 2.1); to keep it, apply for the "
                "status again before the certificate expires."
            ),
            reason=_("you hold this certificate."),
            due_on=certificate.valid_until,
        )
    return sent


def notify_status_lapsed(*, mentorship, certificate) -> int:
    """Tell the curators and the head of ``mentorship``'s organisation that the status its
    mentor relies on (2.1) was suspended or revoked; how many were told."""
    users = User.objects.filter(
        groups__name__in=[Role.CURATOR, Role.ORG_HEAD],
        person__organisation_id=mentorship.organisation_id,
        is_active=True,
    ).exclude(email="")
    sent = 0
    for user in users.distinct():
        sent += send_notice(
            kind=NoticeKind.ACTION_REQUIRED,
            recipient=Recipient.of_user(user),
            subject=_("The mentor's status is no longer valid: %(mentorship)s")
            % {"mentorship": mentorship},
            headline=_(
                "%(certificate)s of the mentor is now «%(state)s»: the mentorship relies on it "
                "(clause 2.1). Decide how the mentoring goes on."
            )
            % {"certificate": certificate, "state": certificate.get_state_display()},
            reason=_("you organise mentoring in this organisation."),
            document=mentorship,
        )
    return sent
