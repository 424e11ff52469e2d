"""Demo data for `manage.py load_demo`: loaders that can run any number of times."""

import datetime
import json
import zoneinfo
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import models

import time_machine

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_PASSWORD = "yurga-demo"


def read_fixture(name: str) -> dict:
    """A JSON file of demo data from ``fixtures/demo/``."""
    return json.loads((FIXTURES_DIR / name).read_text(encoding="utf-8"))


def upsert(model: type[models.Model], lookup: dict, values: dict) -> tuple[models.Model, bool]:
    """Get or create the row matching ``lookup`` and bring ``values`` up to date.

    Saves only when something differs, so a second run writes no row and no history record.
    Returns the object and whether it was written.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj, bool(changed)


@contextmanager
def on_day(day: datetime.date):
    """Act on ``day`` (at 10:00 in the portal's time zone), as the demo's school did then.

    An order cannot start a term before it is signed (2.3), so the demo signs each of its
    past orders on its start day rather than today. ``time_machine`` moves the one clock the
    services read, so history and approval sheets carry that day too.
    """
    moment = datetime.datetime.combine(
        day, datetime.time(10), zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )
    with time_machine.travel(moment, tick=False):
        yield
