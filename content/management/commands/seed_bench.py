"""Seed a benchmark database at regional scale (``make bench``; never on a real database).

The demo data set first (roles, logins, the regulation, the registry page), then bulk
equivalents of what the portal accumulates over years: people, certificates with consents,
completed mentorships with their whole history and transition log, and published materials.
Rows go in through ``bulk_create`` (and simple-history's ``bulk_create_with_history``), the
same tables and values the services write, without the per-row cost of the services.

Seeding shows a progress bar and sends no e-mail: the demo's transitions notify as they
would in use, into a backend that drops the messages.
"""

import datetime
import io
import json
import logging
from pathlib import Path

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from django_fsm_log.models import StateLog
from simple_history.utils import bulk_create_with_history

from content.cache import invalidate
from content.models import MaterialIndexPage, MaterialPage
from workflows.analytics import CENTRE_TABLES
from workflows.choices import (
    ActivityForm,
    CertificateKind,
    MentoringKind,
    MentorshipState,
    OrganisationKind,
)
from workflows.mail import SILENT_MAIL
from workflows.models import (
    Certificate,
    IndividualPlan,
    Mentorship,
    Organisation,
    Person,
    PlanItem,
    PublicationConsent,
)
from workflows.models.certificates import CERTIFICATE_TERM
from workflows.text import search_key

FULL = {"people": 100_000, "certificates": 20_000, "mentorships": 50_000, "pages": 300}
ORGANISATIONS = 400
# Drafts of the demo curator's school that the benchmark's transition requests consume.
DRAFT_POOL = 3_000
BATCH = 5_000
# The path a completed mentorship took: each step is one history record and one log entry.
LIFECYCLE = [
    ("send_for_consent", MentorshipState.DRAFT, MentorshipState.AWAITING_CONSENT),
    ("consent_as_mentor", MentorshipState.AWAITING_CONSENT, MentorshipState.AWAITING_CONSENT),
    ("consent_as_mentee", MentorshipState.AWAITING_CONSENT, MentorshipState.AWAITING_ORDER),
    ("activate", MentorshipState.AWAITING_ORDER, MentorshipState.ACTIVE),
    ("complete", MentorshipState.ACTIVE, MentorshipState.COMPLETED),
]
SURNAMES = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Зайцев"]
DIRECTIONS = ["Цифровая школа", "Функциональная грамотность", "Инклюзия", "Управление школой"]
PLAN_ACTIVITIES = 50
BAR = 30


class Command(BaseCommand):
    help = "Seed a benchmark database: --scale 1 is the region (100,000 people)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--plan", type=Path, required=True, help="JSON of ids to request")

    def handle(self, *args, scale: float, plan: Path, **options):
        counts = {name: max(3, int(value * scale)) for name, value in FULL.items()}
        with override_settings(**SILENT_MAIL):
            self.progress("demo data", 0, 1)
            call_command("load_demo", stdout=io.StringIO())
            self.progress("demo data", 1, 1)
            with transaction.atomic():
                organisations = self.organisations()
                people = self.people(counts["people"], organisations, "people")
                self.certificates(people[: counts["certificates"]])
                self.mentorships(people, counts["mentorships"])
                curator_school = User.objects.get(username="curator").person.organisation
                pool = self.draft_pool(curator_school)
                long_plan = self.long_plan(curator_school)
            # Wagtail logs each page it creates and publishes at INFO: the bar says as much.
            logging.disable(logging.INFO)
            try:
                self.pages(counts["pages"])
            finally:
                logging.disable(logging.NOTSET)
        # Bulk writes send no signals: drop whatever the cache holds from before.
        invalidate()
        # The planner's statistics, as autovacuum would gather them after a bulk load in use:
        # without them every plan assumes near-empty tables.
        self.progress("statistics", 0, 1)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.progress("statistics", 1, 1)
        plan.write_text(
            json.dumps(
                {
                    "people": [p.pk for p in people[: counts["certificates"] : 7]][:500],
                    "numbers": list(
                        Certificate.objects.order_by("?").values_list("number", flat=True)[:500]
                    ),
                    "organisation": organisations[0].pk,
                    "drafts": pool,
                    "material": MaterialPage.objects.live().first().url,
                    "pages": max(1, counts["certificates"] // 20),
                    "plan_pdf": reverse(
                        "workflows_individualplan_modeladmin_paper",
                        args=(long_plan, "individual_plan", "pdf"),
                    ),
                    "dashboard_tables": list(CENTRE_TABLES),
                    "counts": counts,
                }
            )
        )
        self.stdout.write(self.style.SUCCESS(f"Seeded {counts}"))

    def progress(self, label: str, done: int, total: int) -> None:
        """One line that fills as a step goes, ended when the step is done."""
        filled = BAR * done // max(total, 1)
        ending = "\n" if done >= total else "\r"
        bar = "#" * filled + "." * (BAR - filled)
        self.stdout.write(f"{label:<24} [{bar}] {done}/{total}", ending=ending)
        self.stdout.flush()

    def in_batches(self, label: str, rows: list, write) -> list:
        """``write`` each batch of ``rows``, showing the progress; the written rows."""
        written = []
        for start in range(0, len(rows), BATCH):
            written += write(rows[start : start + BATCH])
            self.progress(label, min(start + BATCH, len(rows)), len(rows))
        return written

    def organisations(self) -> list[Organisation]:
        return bulk_create_with_history(
            [
                Organisation(
                    full_name=f"Образовательная организация № {n} (нагрузочный тест)",
                    short_name=f"ОО № {n}",
                    kind=OrganisationKind.SCHOOL,
                )
                for n in range(ORGANISATIONS)
            ],
            Organisation,
            batch_size=BATCH,
        )

    def people(self, count: int, organisations, label: str) -> list[Person]:
        since = datetime.date(2005, 9, 1)
        rows = []
        for n in range(count):
            surname = f"{SURNAMES[n % len(SURNAMES)]}{n}"
            rows.append(
                Person(
                    surname=surname,
                    name="Мария",
                    patronymic="Ивановна",
                    organisation=organisations[n % len(organisations)],
                    position="учитель",
                    teaching_experience_since=since,
                    search_name=search_key(surname, "Мария", "Ивановна"),
                )
            )
        return self.in_batches(label, rows, lambda batch: bulk_create_with_history(batch, Person))

    def certificates(self, holders) -> None:
        today = timezone.localdate()
        certificates = []
        for n, person in enumerate(holders):
            issued = today - datetime.timedelta(days=n % 900)
            direction = DIRECTIONS[n % len(DIRECTIONS)]
            certificates.append(
                Certificate(
                    person=person,
                    kind=CertificateKind.MENTOR if n % 2 else CertificateKind.TUTOR,
                    number=f"42-Б-{n:06d}",
                    issued_on=issued,
                    valid_until=issued + CERTIFICATE_TERM,
                    direction=direction,
                    search_direction=search_key(direction),
                    order_number=f"{n}-к",
                    order_date=issued,
                )
            )
        self.in_batches(
            "certificates",
            certificates,
            lambda batch: bulk_create_with_history(batch, Certificate),
        )
        consents = [
            PublicationConsent(
                person=person,
                given_on=today - datetime.timedelta(days=1000),
                show_organisation=True,
                show_position=True,
                show_direction=True,
                show_number=True,
                show_valid_until=True,
                show_order=True,
            )
            for person in holders
        ]
        self.in_batches(
            "consents", consents, lambda batch: bulk_create_with_history(batch, PublicationConsent)
        )

    def mentorships(self, people, count: int) -> None:
        """Completed mentorships with their five transitions each, in history and in the log."""
        starts = datetime.date(2023, 9, 1)
        ends = datetime.date(2024, 8, 31)
        mentorships = Mentorship.objects.bulk_create(
            [
                Mentorship(
                    organisation_id=people[2 * n % len(people)].organisation_id,
                    kind=MentoringKind.TRADITIONAL,
                    mentor=people[2 * n % len(people)],
                    # People are spread over organisations in turn: this one is a colleague.
                    mentee=people[(2 * n + ORGANISATIONS) % len(people)],
                    starts_on=starts,
                    ends_on=ends,
                    mentor_consented_on=starts,
                    mentee_consented_on=starts,
                    started_on=starts,
                    state=MentorshipState.COMPLETED,
                )
                for n in range(count)
            ],
            batch_size=BATCH,
        )
        historical = Mentorship.history.model
        content_type = ContentType.objects.get_for_model(Mentorship)
        moment = timezone.now() - datetime.timedelta(days=400)
        for start in range(0, len(mentorships), BATCH):
            batch = mentorships[start : start + BATCH]
            records, log = [], []
            for mentorship in batch:
                fields = {
                    f.attname: getattr(mentorship, f.attname)
                    for f in Mentorship._meta.concrete_fields
                }
                states = [MentorshipState.DRAFT] + [target for _n, _s, target in LIFECYCLE]
                for step, state in enumerate(states):
                    records.append(
                        historical(
                            **{**fields, "state": state},
                            history_date=moment + datetime.timedelta(days=step),
                            history_type="+" if step == 0 else "~",
                            history_change_reason="Нагрузочный тест",
                        )
                    )
                log += [
                    StateLog(
                        timestamp=moment + datetime.timedelta(days=step + 1),
                        source_state=source,
                        state=target,
                        transition=name,
                        content_type=content_type,
                        object_id=mentorship.pk,
                    )
                    for step, (name, source, target) in enumerate(LIFECYCLE)
                ]
            historical.objects.bulk_create(records, batch_size=BATCH)
            StateLog.objects.bulk_create(log, batch_size=BATCH)
            self.progress("mentorship histories", start + len(batch), len(mentorships))

    def draft_pool(self, school) -> list[int]:
        """Drafts that each can be sent for consent: a mentor and a mentee of their own, so
        that no rule (a mentor has at most two mentees) refuses the benchmark's requests."""
        people = self.people(2 * DRAFT_POOL, [school], "draft pool")
        drafts = bulk_create_with_history(
            [
                Mentorship(
                    organisation=school,
                    kind=MentoringKind.TRADITIONAL,
                    mentor=people[2 * n],
                    mentee=people[2 * n + 1],
                    starts_on=datetime.date(2027, 1, 11),
                    ends_on=datetime.date(2028, 1, 10),
                )
                for n in range(DRAFT_POOL)
            ],
            Mentorship,
            batch_size=BATCH,
        )
        return [draft.pk for draft in drafts]

    def long_plan(self, school) -> int:
        """A plan of the curator's school with fifty activities, for its PDF; its id."""
        plan = IndividualPlan.objects.filter(mentorship__organisation=school).order_by("pk")[0]
        PlanItem.objects.bulk_create(
            PlanItem(
                plan=plan,
                activity=f"Посещение уроков наставника и их анализ, цикл {n}",
                form=ActivityForm.LESSON_VISIT,
                due_on=datetime.date(2027, 1, 11) + datetime.timedelta(days=7 * n),
                expected_result="Анализ урока по карте наблюдения",
            )
            for n in range(PLAN_ACTIVITIES)
        )
        return plan.pk

    def pages(self, count: int) -> None:
        index = MaterialIndexPage.objects.live().first()
        existing = MaterialPage.objects.count()
        for n in range(existing, existing + count):
            page = MaterialPage(
                title=f"Методический материал {n}",
                slug=f"bench-material-{n}",
                kind=MentoringKind.TRADITIONAL,
                lead="Памятка для наставника",
                body=[{"type": "paragraph", "value": "<p>Как наставнику начать работу.</p>"}],
            )
            index.add_child(instance=page)
            page.save_revision().publish()
            self.progress("published materials", n - existing + 1, count)
