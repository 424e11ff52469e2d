"""Transition conditions that can say why they fail, and what they are about.

django-fsm takes conditions as plain predicates; the admin must show *why* a transition is
blocked (which rule, which clause), so each condition here also yields its reasons. Each also
says whether it checks the document's content or whose turn it is: the dashboard counts a
document as waiting for someone whatever its content (a draft that breaks a rule still waits
for its author to fix it), but not before their turn has come.
"""

import enum
from collections.abc import Callable, Iterable

from django.db import models
from django.db.models import Q


class RuleKind(enum.Enum):
    """What a condition is about."""

    # The document's own content: the rules table, a filled-in form, an approved plan.
    CONTENT = "content"
    # Whose turn it is: a consent still to give, visas still out, the status being resumed.
    TURN = "turn"


class Rule:
    """A pure predicate over a document that explains itself when it does not hold.

    A rule about whose turn it is may also give its queryset form, ``where()``: a ``Q`` of the
    rows on which it holds, so that a list of what waits for a user is counted and cut in the
    database rather than by trying every document (``workflows.tasks``; a test checks that
    both forms agree).
    """

    def __init__(
        self,
        reasons: Callable[[models.Model], Iterable[str]],
        *,
        kind: RuleKind,
        where: Callable[[], Q] | None = None,
    ):
        self._reasons = reasons
        self.kind = kind
        self.where = where
        self.__name__ = getattr(reasons, "__name__", "rule")
        self.__doc__ = reasons.__doc__

    def reasons(self, instance: models.Model) -> list[str]:
        """The Russian messages of every way ``instance`` breaks the rule (empty: it holds)."""
        return [str(reason) for reason in self._reasons(instance)]

    def __call__(self, instance: models.Model) -> bool:
        return not self.reasons(instance)


def rule(
    message: str, *, kind: RuleKind, where: Callable[[], Q] | None = None
) -> Callable[[Callable[[models.Model], bool]], Rule]:
    """Turn a boolean predicate into a :class:`Rule` of ``kind`` that fails with ``message``
    (``where``: its queryset form, see :class:`Rule`)."""

    def wrap(predicate: Callable[[models.Model], bool]) -> Rule:
        def reasons(instance):
            return [] if predicate(instance) else [message]

        reasons.__name__ = predicate.__name__
        reasons.__doc__ = predicate.__doc__
        return Rule(reasons, kind=kind, where=where)

    return wrap


def explain(condition: Callable, instance: models.Model) -> list[str]:
    """Why ``condition`` blocks a transition of ``instance``; empty when it does not."""
    if isinstance(condition, Rule):
        return condition.reasons(instance)
    return [] if condition(instance) else [getattr(condition, "message", condition.__name__)]
