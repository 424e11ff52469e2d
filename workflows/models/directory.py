"""The directory: organisations and the people who work in them."""

import datetime

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from simple_history.models import HistoricalRecords

from workflows.choices import ExperienceKind, OrganisationKind
from workflows.periods import full_years_between
from workflows.text import folded_search, search_key


def joined_name(surname: str, name: str, patronymic: str) -> str:
    """«Фамилия Имя Отчество» of the parts a person has (:attr:`Person.full_name`), for a
    name read as columns rather than as a person."""
    return " ".join(part for part in (surname, name, patronymic) if part)


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Organisation(models.Model):
    """An educational organisation or a body of the municipal or regional education system."""

    full_name = models.CharField(_("full name"), max_length=500, unique=True)
    short_name = models.CharField(_("short name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    # Both names folded by ``search_key``, for a list search that folds on every database.
    search_name = models.CharField(max_length=651, editable=False, blank=True)

    history = HistoricalRecords(excluded_fields=["search_name"])
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name

    def save(self, *args, **kwargs):
        self.search_name = search_key(self.short_name, self.full_name)
        super().save(*args, **kwargs)


class PersonQuerySet(models.QuerySet):
    def search(self, query: str):
        """People whose full name contains every word of ``query`` (any case, ё = е)."""
        return folded_search(self, query, ["search_name"])


class Person(models.Model):
    """A teaching or managing employee; exists whether or not they ever log in."""

    surname = models.CharField(_("surname"), max_length=100)
    name = models.CharField(_("name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    position = models.CharField(_("position"), max_length=200)
    # Start dates rather than year counts, so that "at least N years" holds on any date.
    teaching_experience_since = models.DateField(
        _("teaching experience since"), null=True, blank=True
    )
    management_experience_since = models.DateField(
        _("management experience since"), null=True, blank=True
    )
    methodological_experience_since = models.DateField(
        _("methodological experience since"), null=True, blank=True
    )
    in_management_reserve = models.BooleanField(_("in the management reserve"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    search_name = models.CharField(max_length=310, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["search_name"])
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["surname", "name", "patronymic"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = search_key(self.surname, self.name, self.patronymic)
        super().save(*args, **kwargs)

    @property
    @admin.display(description=pgettext_lazy("person", "full name"))
    def full_name(self) -> str:
        return joined_name(self.surname, self.name, self.patronymic)

    @property
    @admin.display(description=pgettext_lazy("person", "surname and initials"))
    def short_name(self) -> str:
        """«Фамилия И. О.», as forms and lists write a person."""
        initials = " ".join(f"{part[0]}." for part in (self.name, self.patronymic) if part)
        return f"{self.surname} {initials}".strip()

    def experience_years(self, kind: ExperienceKind, on: datetime.date) -> int:
        """Whole years of experience of ``kind`` on the date ``on`` (0 when none recorded)."""
        since = getattr(self, f"{kind}_experience_since")
        if since is None or since > on:
            return 0
        return full_years_between(since, on)
