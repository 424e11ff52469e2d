import datetime

from django.contrib.auth.models import Group, User

from wagtail.models import Page

import factory

from content.models import MaterialPage
from workflows.choices import MentoringKind, OrganisationKind
from workflows.models import Organisation, Person


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    full_name = factory.Sequence(
        lambda n: f"Муниципальное бюджетное общеобразовательное учреждение № {n}"
    )
    short_name = factory.Sequence(lambda n: f"МБОУ № {n}")
    kind = OrganisationKind.SCHOOL


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
    password = factory.django.Password("secret-pass-1")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))


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
