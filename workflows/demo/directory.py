"""Demo organisations of Yurga, their people and one login per role."""

import datetime

from django.contrib.auth.models import Group, User

from workflows.demo import DEMO_PASSWORD, read_fixture, upsert
from workflows.models import Organisation, Person
from workflows.roles import ensure_roles


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def load(log) -> None:
    """Organisations, at least 60 people and the demo users of DOMAIN.md's roles."""
    data = read_fixture("directory.json")
    ensure_roles()
    organisations = {}
    for row in data["organisations"]:
        organisation, _ = upsert(
            Organisation,
            {"full_name": row["full_name"]},
            {"short_name": row["short_name"], "kind": row["kind"], "is_active": True},
        )
        organisations[row["short_name"]] = organisation
    log(f"organisations: {len(organisations)}")

    people_by_key = {}
    for row in data["people"]:
        person, _ = upsert(
            Person,
            {
                "surname": row["surname"],
                "name": row["name"],
                "patronymic": row["patronymic"],
                "organisation": organisations[row["organisation"]],
            },
            {
                "position": row["position"],
                "teaching_experience_since": _date(row["teaching_experience_since"]),
                "management_experience_since": _date(row["management_experience_since"]),
                "methodological_experience_since": _date(row["methodological_experience_since"]),
            },
        )
        if "key" in row:
            people_by_key[row["key"]] = person
    log(f"people: {len(data['people'])}")

    for row in data["users"]:
        person = people_by_key.get(row.get("person"))
        user = User.objects.filter(username=row["username"]).first()
        if user is None:
            user = User(username=row["username"])
            user.set_password(DEMO_PASSWORD)
        names = {
            "first_name": person.name if person else row.get("first_name", ""),
            "last_name": person.surname if person else row.get("last_name", ""),
            "email": f"{row['username']}@yurga-edu.example",
            "is_superuser": row.get("superuser", False),
            "is_staff": row.get("superuser", False),
            "is_active": True,
        }
        if user.pk is None or any(getattr(user, k) != v for k, v in names.items()):
            for key, value in names.items():
                setattr(user, key, value)
            user.save()
        wanted_groups = set(Group.objects.filter(name__in=row["roles"]))
        if set(user.groups.all()) != wanted_groups:
            user.groups.set(wanted_groups)
        if person and person.user_id != user.pk:
            person.user = user
            person.save()
    log(f"users: {len(data['users'])}")
