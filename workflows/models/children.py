"""History for the rows a document owns through a ``ParentalKey`` (plan activities, visas).

The admin's inline panels save such rows one by one (modelcluster commits each with ``save()``
and ``delete()``), so simple-history records them like any model, with the request's user.
"""

from django.db import models

from modelcluster.fields import ParentalKey
from simple_history.models import HistoricalRecords


class ChildHistoricalRecords(HistoricalRecords):
    """``HistoricalRecords`` for a modelcluster child row.

    simple-history copies a foreign key as a key of the same class with ``related_name="+"``;
    a ``ParentalKey`` refuses that (modelcluster.E002) and would make the historical model a
    child of the document's cluster. The history keeps a plain foreign key to the parent
    instead, queryable as ``<parent>_id`` like any other.
    """

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for field in fields.values():
            if isinstance(field, ParentalKey):
                # A fresh copy, not yet on any model; a ParentalKey keeps no state of its own.
                field.__class__ = models.ForeignKey
        return fields


class HistoricalChild(models.Model):
    """A child row whose unchanged saves write no version.

    The parent's form saves every row of its inline panel, changed or not; only the rows that
    changed become versions, as a document's save that changes nothing records nothing.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded_values", None)
        unchanged = (
            not self._state.adding
            and loaded is not None
            and not getattr(self, "_change_reason", None)
            and all(
                field.value_from_object(self) == loaded[field.attname]
                for field in self._meta.concrete_fields
                if field.attname in loaded
            )
        )
        if unchanged:
            self.skip_history_when_saving = True
        try:
            super().save(*args, **kwargs)
        finally:
            if unchanged:
                del self.skip_history_when_saving
        self._loaded_values = {
            field.attname: field.value_from_object(self) for field in self._meta.concrete_fields
        }

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance
