import datetime

from django.contrib.auth.models import Group, User

import factory

from workflows.choices import OrganisationKind
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
