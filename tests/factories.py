import datetime

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import Page

import factory

from content.models import MaterialPage
from workflows.choices import (
    CertificateKind,
    MentoringKind,
    Nominator,
    OrderKind,
    OrganisationKind,
)
from workflows.models import (
    Certificate,
    Mentorship,
    Order,
    OrderVisa,
    Organisation,
    Person,
    PublicationConsent,
    StatusApplication,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    full_name = factory.Sequence(
        lambda n: f"Муниципальное бюджетное общеобразовательное учреждение № {n}"
    )
    short_name = factory.Sequence(lambda n: f"МБОУ № {n}")
    kind = OrganisationKind.SCHOOL


# When a mentee of the tests first started teaching: a young specialist (2.1) all through the
# scenarios' terms.
YOUNG_SINCE = datetime.date(2026, 9, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    surname = factory.Sequence(lambda n: f"Фамилия{n}")
    name = "Анна"
    patronymic = "Сергеевна"
    organisation = factory.SubFactory(OrganisationFactory)
    position = "учитель"
    teaching_experience_since = datetime.date(2010, 9, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@yurga-edu.example")
    password = factory.django.Password("secret-pass-1")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))


def png_scan(name: str = "consent.png") -> SimpleUploadedFile:
    """A real (tiny) PNG file, as a scanned consent would be."""
    return SimpleUploadedFile(
        name,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00",
        content_type="image/png",
    )


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentorship

    organisation = factory.SubFactory(OrganisationFactory)
    kind = MentoringKind.TRADITIONAL
    mentor = factory.SubFactory(
        PersonFactory,
        organisation=factory.SelfAttribute("..organisation"),
        teaching_experience_since=datetime.date(2000, 9, 1),
    )
    mentee = factory.SubFactory(
        PersonFactory,
        organisation=factory.SelfAttribute("..organisation"),
        teaching_experience_since=datetime.date(2026, 9, 1),
    )
    starts_on = datetime.date(2026, 12, 1)
    ends_on = datetime.date(2027, 12, 1)


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    person = factory.SubFactory(PersonFactory)
    kind = CertificateKind.MENTOR
    number = factory.Sequence(lambda n: f"42-М-{n:05d}")
    issued_on = datetime.date(2025, 1, 15)


class PublicationConsentFactory(factory.django.DjangoModelFactory):
    """A consent to publish everything; tests switch off what they check."""

    class Meta:
        model = PublicationConsent

    person = factory.SubFactory(PersonFactory)
    given_on = datetime.date(2023, 1, 10)
    show_organisation = True
    show_position = True
    show_direction = True
    show_number = True
    show_valid_until = True
    show_order = True


class StatusApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusApplication

    person = factory.SubFactory(
        PersonFactory, management_experience_since=datetime.date(2015, 9, 1)
    )
    kind = CertificateKind.MENTOR
    nominated_by = Nominator.DEPARTMENT


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order
        skip_postgeneration_save = True

    issuer = factory.SubFactory(OrganisationFactory)
    kind = OrderKind.ASSIGN_MENTOR
    title = "О закреплении наставников"
    body = "Закрепить наставников за молодыми специалистами."
    starts_on = datetime.date(2026, 12, 1)

    @factory.post_generation
    def mentorships(self, create, extracted, **kwargs):
        if create and extracted:
            self.mentorships.set(extracted)
            self.save()  # parental relations are kept in memory until the order is saved

    @factory.post_generation
    def approvers(self, create, extracted, **kwargs):
        if create and extracted:
            for approver in extracted:
                OrderVisa.objects.create(order=self, approver=approver)


def publish(parent: Page, page: Page, *, user: User | None = None) -> Page:
    """Add ``page`` below ``parent`` and publish its first revision, as a moderator would."""
    parent.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    return page


def material(parent: Page, n: int = 0, **fields) -> MaterialPage:
    """A published material below ``parent`` with a paragraph of text and two topics."""
    values = {
        "title": f"Материал {n}",
        "slug": f"material-{n}",
        "kind": MentoringKind.TRADITIONAL,
        "lead": "Памятка для наставника",
        "body": [{"type": "paragraph", "value": "<p>Как наставнику начать работу.</p>"}],
        **fields,
    }
    topics = values.pop("topics", ["адаптация", "молодой педагог"])
    page = MaterialPage(**values)
    page.topics.add(*topics)
    return publish(parent, page)
