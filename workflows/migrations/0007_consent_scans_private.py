"""Consent scans move out of MEDIA_ROOT into the private storage (issue 11, item 8).

The rows keep their names (``consents/<year>/<file>``); only the storage they are read from
changes, so the files move under the same names. Reversible: the reverse moves them back.
"""

from django.core.files.storage import Storage, storages
from django.db import migrations, models

import workflows.storage
import workflows.validators


def move_files(queryset, field: str, source: Storage, target: Storage) -> int:
    """Move the files that ``field`` of ``queryset``'s rows names from ``source`` to ``target``,
    under the same names; a file already in ``target`` or missing from ``source`` is left.

    Kept in the migration (not imported from live code), so that it runs as it ran then.
    Returns the count moved.
    """
    moved = 0
    for name in queryset.exclude(**{field: ""}).values_list(field, flat=True):
        if target.exists(name) or not source.exists(name):
            continue
        with source.open(name, "rb") as content:
            saved = target.save(name, content)
        if saved != name:  # the rows would name a file that is not there
            raise RuntimeError(f"{name} was stored as {saved}")
        source.delete(name)
        moved += 1
    return moved


def to_private(apps, schema_editor):
    mentorships = apps.get_model("workflows", "Mentorship").objects.all()
    move_files(
        mentorships, "mentor_consent_scan", storages["default"], storages["private"]
    )


def to_media(apps, schema_editor):
    mentorships = apps.get_model("workflows", "Mentorship").objects.all()
    move_files(
        mentorships, "mentor_consent_scan", storages["private"], storages["default"]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0006_history_append_only"),
    ]

    operations = [
        migrations.AlterField(
            model_name="mentorship",
            name="mentor_consent_scan",
            field=models.FileField(
                blank=True,
                storage=workflows.storage.private_storage,
                upload_to="consents/%Y/",
                validators=[workflows.validators.validate_scan],
                verbose_name="scan of the mentor's consent",
            ),
        ),
        migrations.RunPython(to_private, to_media, elidable=False),
    ]
