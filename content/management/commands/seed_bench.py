"""Seed a benchmark database at regional scale (``make bench``; never on a real database).

The demo data set first (roles, logins, the regulation, the registry page), then bulk
equivalents of what the portal accumulates over years: people, certificates with consents,
completed mentorships with their whole history and transition log, and published materials.
Rows go in through ``bulk_create`` (and simple-history's ``bulk_create_with_history``), the
same tables and values the services write, without the per-row cost of the services.
"""

import datetime
import json
from pathlib import Path

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from django_fsm_log.models import StateLog
from simple_history.utils import bulk_create_with_history

from content.cache import invalidate
from content.models import MaterialIndexPage, MaterialPage
from workflows.choices import CertificateKind, MentoringKind, MentorshipState, OrganisationKind
from workflows.models import Certificate, Mentorship, Organisation, Person, PublicationConsent
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


class Command(BaseCommand):
    help = "Seed a benchmark database: --scale 1 is the region (100,000 people)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--plan", type=Path, required=True, help="JSON of ids to request")

    def handle(self, *args, scale: float, plan: Path, **options):
        counts = {name: max(3, int(value * scale)) for name, value in FULL.items()}
        call_command("load_demo", stdout=self.stdout)
        with transaction.atomic():
            organisations = self.organisations()
            people = self.people(counts["people"], organisations)
            self.certificates(people[: counts["certificates"]])
            self.mentorships(people, counts["mentorships"])
            curator_school = User.objects.get(username="curator").person.organisation
            pool = self.draft_pool(curator_school)
        self.pages(counts["pages"])
        # Bulk writes send no signals: drop whatever the cache holds from before.
        invalidate()
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
                    "counts": counts,
                }
            )
        )
        self.stdout.write(self.style.SUCCESS(f"Seeded {counts}"))

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

    def people(self, count: int, organisations) -> list[Person]:
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
        return bulk_create_with_history(rows, Person, batch_size=BATCH)

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
        bulk_create_with_history(certificates, Certificate, batch_size=BATCH)
        bulk_create_with_history(
            [
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
            ],
            PublicationConsent,
            batch_size=BATCH,
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

    def draft_pool(self, school) -> list[int]:
        """Drafts that each can be sent for consent: a mentor and a mentee of their own, so
        that no rule (a mentor has at most two mentees) refuses the benchmark's requests."""
        people = self.people(2 * DRAFT_POOL, [school])
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
