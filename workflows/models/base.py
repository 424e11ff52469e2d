"""What every workflow document shares: a protected state, history and locked content."""

import threading

from django.db import models
from django.utils.translation import gettext_lazy as _

from django_fsm import ConcurrentTransitionMixin, Transition
from simple_history.models import HistoricalRecords

from workflows.exceptions import DocumentLocked

# django-fsm-2 reloads a protected state by switching the protection of the *shared* field
# object off and on again; two threads doing it at once leave it on for one of them, whose
# reload then fails. Reloads of documents are serialised within the process.
_RELOAD_LOCK = threading.Lock()


class ChangeTracked(models.Model):
    """A row that knows what it changed since it was loaded, and whose save writes a version
    only when it changes something.

    A save that changes nothing records nothing (simple-history skips while
    ``skip_history_when_saving`` exists), unless it carries a reason: a transition always does
    (the engine sets it), so its save is recorded even when, like a visa, it keeps the state.
    The admin's inline panels save every row, changed or not; only the changed become versions.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        unchanged = not (self.changed_fields() or getattr(self, "_change_reason", None))
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

    def changed_fields(self) -> list[str]:
        """Names of the fields that differ from the stored row (all of them for a new one)."""
        loaded = getattr(self, "_loaded_values", None)
        fields = self._meta.concrete_fields
        if self._state.adding or loaded is None:
            return [field.name for field in fields]
        return [
            field.name
            for field in fields
            if field.attname in loaded and field.value_from_object(self) != loaded[field.attname]
        ]


class WorkflowDocument(ConcurrentTransitionMixin, ChangeTracked):
    """A document that moves through approval stages only by recorded transitions.

    Concrete documents declare ``state = FSMField(choices=…, default=…, protected=True)`` and
    their ``@transition`` methods, each with ``custom=transition_metadata(…)`` (see
    :mod:`workflows.transitions`): the button's label, whether a comment is required, the
    form and the service of the values it takes.
    """

    EDITABLE_STATES: tuple[str, ...] = ("draft", "returned")
    # Fields a transition (not an editor) sets; never counted as content.
    DERIVED_FIELDS: tuple[str, ...] = ()

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        changed = self.locked_changes()
        if changed:
            raise DocumentLocked(changed)
        super().save(*args, **kwargs)

    def refresh_from_db(self, *args, **kwargs):
        with _RELOAD_LOCK:
            super().refresh_from_db(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        """Whether content fields may be edited now (only in draft and returned)."""
        return self.state in self.EDITABLE_STATES

    def locked_changes(self) -> list[str]:
        """Content fields changed although the stored document is past its editable states.

        A save that also changes the state is a transition, which may set derived fields.
        """
        loaded = getattr(self, "_loaded_values", None)
        if self._state.adding or loaded is None:
            return []
        stored_state = loaded.get("state")
        if stored_state in self.EDITABLE_STATES or stored_state != self.state:
            return []
        return [
            str(field.verbose_name)
            for field in self._meta.concrete_fields
            if field.attname in loaded
            and field.name not in self.DERIVED_FIELDS
            and field.value_from_object(self) != loaded[field.attname]
        ]

    @classmethod
    def transitions(cls) -> list[Transition]:
        """Every transition of the document's state machine, in declaration order."""
        return list(cls._meta.get_field("state").get_all_transitions(cls))

    def transitions_from_here(self) -> list[Transition]:
        """Transitions whose source is the current state, whether or not they are allowed."""
        return [t for t in self.transitions() if t.source in (self.state, "*")]
