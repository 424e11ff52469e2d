"""Demo case files of the Gymnasium: mentorships in every stage, their plans, reports,
questionnaires and a replacement request in every state, some of them overdue.

Everything goes through the services, so the history and the transition log are real. Each
step is taken only when the document is in the step's source state, so a second run finds
every document where the first left it and writes nothing.
"""

import datetime

from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from workflows.choices import ActivityForm, MenteeBasis, MentoringKind, OrderKind, Score
from workflows.demo import on_day, upsert
from workflows.grammar import assignment_order_title
from workflows.models import (
    Mentorship,
    Order,
    OrderVisa,
    Organisation,
    Person,
    PlanItem,
    Questionnaire,
    ReplacementRequest,
    Report,
)
from workflows.services import (
    find_transition,
    mentorship_create,
    order_sign,
    plan_item_mark_done,
    replacement_request_create,
    take_transition,
)

D = datetime.date
SCHOOL = "МБОУ «Гимназия города Юрги»"
# A one-pixel PNG stands for the scanned consent.
SCAN = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

# mentor login, mentee login, start, end; the stage each case file reaches is set below.
CASES = {
    "running": ("mentor", "mentee", D(2026, 11, 2), D(2027, 11, 2)),
    "completed": ("mentor2", "mentee2", D(2025, 11, 10), D(2026, 11, 10)),
    "late_plan": ("mentor3", "mentee3", D(2026, 11, 9), D(2027, 6, 1)),
    "replaced": ("mentor", "mentee4", D(2026, 10, 1), D(2027, 10, 1)),
    "late_report": ("mentor2", "mentee3", D(2025, 11, 3), D(2026, 11, 3)),
}
# Mentees who are not young specialists: newly appointed to a position new to them (2.1).
NEWLY_APPOINTED = {
    "mentee4": {
        "mentee_basis": MenteeBasis.NEWLY_APPOINTED,
        "mentee_appointed_on": D(2026, 9, 1),
    },
}
ACTIVITIES = [
    ("Изучение локальных актов гимназии и ФГОС", ActivityForm.CONSULTATION, D(2026, 12, 15)),
    ("Посещение уроков наставника", ActivityForm.LESSON_VISIT, D(2027, 2, 26)),
    ("Открытый урок молодого педагога", ActivityForm.OPEN_LESSON, D(2027, 4, 20)),
]
REPORT = {
    "results_regulations": "Освоила локальные акты и ФГОС, применяет их при планировании уроков.",
    "results_motivation": "Участвует в конкурсе «Педагогический дебют», ведёт кружок.",
    "results_discipline": "Поручения и отчёты представляет в срок.",
    "recommendations": "Пройти курсы по формирующему оцениванию.",
}


def step(document, name: str, user: User, comment: str = "", **values):
    """Take transition ``name`` if it leaves the document's current state; else leave it."""
    if find_transition(document, name) is None:
        return document
    return take_transition(document=document, name=name, user=user, comment=comment, values=values)


def _start(users, mentor, mentee, starts_on, ends_on) -> Mentorship:
    """The mentorship of the pair, drafted, consented and ordered the first time only."""
    curator, head = users["curator"], users["head"]
    mentorship = Mentorship.objects.filter(
        mentor=mentor.person, mentee=mentee.person, kind=MentoringKind.TRADITIONAL
    ).first()
    if mentorship is None:
        mentorship = mentorship_create(
            user=curator,
            organisation=Organisation.objects.get(short_name=SCHOOL),
            kind=MentoringKind.TRADITIONAL,
            mentor=mentor.person,
            mentee=mentee.person,
            starts_on=starts_on,
            ends_on=ends_on,
            goal="Адаптация молодого педагога и освоение предметной методики.",
            **NEWLY_APPOINTED.get(mentee.username, {}),
        )
    mentorship = step(mentorship, "send_for_consent", curator)
    mentorship = step(
        mentorship,
        "consent_as_mentor",
        mentor,
        consented_on=starts_on - datetime.timedelta(days=14),
        scan=ContentFile(SCAN, name="soglasie.png"),
    )
    mentorship = step(
        mentorship,
        "consent_as_mentee",
        mentee,
        consented_on=starts_on - datetime.timedelta(days=13),
    )
    if find_transition(mentorship, "activate") is not None:
        _order_start(mentorship, mentor, mentee, starts_on, curator, head)
        mentorship.refresh_from_db()
    return mentorship


def _order_start(mentorship, mentor, mentee, starts_on, curator, head) -> None:
    """The assignment order of the pair, sent and signed on the day the term starts (2.3)."""
    with on_day(starts_on):
        order, _ = upsert(
            Order,
            {"title": assignment_order_title([mentor.person], [mentee.person])},
            {
                "issuer": mentorship.organisation,
                "kind": OrderKind.ASSIGN_MENTOR,
                "body": "Закрепить наставника на срок наставничества.",
                "starts_on": starts_on,
            },
        )
        order.mentorships.set([mentorship])
        order.save()
        # The curator approves the school's orders (3.2): the printed sheet lists her visa.
        upsert(OrderVisa, {"order": order, "approver": curator}, {})
        order = step(order, "submit", curator)
        order = step(order, "give_visa", curator)
        order_sign(order=order, user=head)


def approved_plan(mentorship, *, mentor: User, head: User, done: int) -> None:
    """The plan with the demo's activities, submitted by ``mentor``, approved by ``head``, and
    its first ``done`` activities marked done."""
    plan = mentorship.plan
    for activity, form, due_on in ACTIVITIES:
        upsert(
            PlanItem,
            {"plan": plan, "activity": activity},
            {"form": form, "due_on": due_on, "expected_result": "Отчёт наставнику"},
        )
    plan = step(plan, "submit", mentor)
    plan = step(plan, "approve", head)
    for item in plan.items.filter(done=False)[: max(done - plan.items_done, 0)]:
        plan_item_mark_done(item=item, user=mentor, note="Выполнено по плану")


def handed_in_questionnaire(mentorship, mentee: User, score: int) -> None:
    """The mentee's questionnaire, every statement scored ``score``, submitted."""
    answers = {name: Score(score) for name in Questionnaire.SCORES}
    upsert(Questionnaire, {"mentorship": mentorship}, {**answers, "comment": "Спасибо!"})
    step(Questionnaire.objects.get(mentorship=mentorship), "submit", mentee)


def accepted_report(
    mentorship, *, mentor: User, mentee: User, head: User, curator: User, done: int
) -> None:
    """The whole end of a case (6.1–6.2): the plan approved with ``done`` activities done, the
    questionnaire handed in, the report submitted, approved, sent and accepted by the centre,
    which completes the mentorship."""
    approved_plan(mentorship, mentor=mentor, head=head, done=done)
    handed_in_questionnaire(mentorship, mentee, score=5)
    upsert(Report, {"mentorship": mentorship}, REPORT)
    report = step(mentorship.report, "submit", mentor)
    report = step(report, "approve", head)
    report = step(report, "send", curator)
    step(report, "accept", User.objects.get(username="center"))


def load(log) -> None:
    """The five case files of the Gymnasium, each advanced to its stage."""
    logins = {*(login for case in CASES.values() for login in case[:2]), "curator", "head"}
    users = {user.username: user for user in User.objects.filter(username__in=logins)}
    head = users["head"]
    files = {}
    for key, (mentor, mentee, starts_on, ends_on) in CASES.items():
        files[key] = _start(users, users[mentor], users[mentee], starts_on, ends_on)

    # Running: the plan approved, two of three activities done; the mentee's request refused.
    running = files["running"]
    approved_plan(running, mentor=users["mentor"], head=head, done=2)
    if not running.replacement_requests.exists():
        replacement_request_create(
            user=users["mentee"], mentorship=running, reason="Расписания не совпадают."
        )
    step(
        running.replacement_requests.get(),
        "reject",
        head,
        comment="Расписание скорректировано, консультации по средам.",
    )

    # Completed: the report accepted by the centre, which completed the mentorship.
    accepted_report(
        files["completed"],
        mentor=users["mentor2"],
        mentee=users["mentee2"],
        head=head,
        curator=users["curator"],
        done=len(ACTIVITIES),
    )

    # Late plan: due 16.11.2026 and still a draft; the mentee asks for another mentor.
    late_plan = files["late_plan"]
    if not late_plan.replacement_requests.exists():
        replacement_request_create(
            user=users["mentee3"],
            mentorship=late_plan,
            reason="Наставник в длительной командировке.",
            proposed_mentor=Person.objects.get(user=users["mentor2"]),
        )

    # Replaced: the request granted on the demo day (02.12.2026), which drafts the order that
    # ends the old mentorship on its last day, 07.12.2026 (three working days' notice, Labour
    # Code art. 351.8), and the new mentorship from the next day.
    replaced = files["replaced"]
    if replaced.state == "active" and not replaced.replacement_requests.exists():
        replacement_request_create(
            user=users["mentee4"], mentorship=replaced, reason="Нет возможности встречаться."
        )
    if replaced.replacement_requests.exists():
        step(
            replaced.replacement_requests.get(),
            "approve",
            head,
            new_mentor=Person.objects.get(user=users["mentor2"]),
            ended_on=D(2026, 12, 7),
        )

    # Late report: the term ended on 03.11.2026; the report, due 11.11.2026, is a draft.
    late_report = files["late_report"]
    approved_plan(late_report, mentor=users["mentor2"], head=head, done=1)
    handed_in_questionnaire(late_report, users["mentee3"], score=4)
    log(f"case files: {len(files)}, replacement requests: {ReplacementRequest.objects.count()}")
