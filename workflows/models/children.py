"""History for the rows a document owns through a ``ParentalKey`` (plan activities, visas).

The admin's inline panels save such rows one by one (modelcluster commits each with ``save()``
and ``delete()``), so simple-history records them like any model, with the request's user; the
rows are :class:`~workflows.models.base.ChangeTracked`, so only the changed ones become versions.
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
