"""The typed transition metadata and the kinds of conditions, for every workflow document."""

import inspect

from django.apps import apps

import pytest

from workflows import transitions
from workflows.conditions import Rule, RuleKind
from workflows.forms import TransitionForm
from workflows.models.base import WorkflowDocument

DOCUMENT_MODELS = [m for m in apps.get_models() if issubclass(m, WorkflowDocument)]
TRANSITIONS = [
    pytest.param(model, transition, id=f"{model.__name__}.{transition.name}")
    for model in DOCUMENT_MODELS
    for transition in model.transitions()
]
WITH_SERVICE = [p for p in TRANSITIONS if transitions.metadata(p.values[1]).service]


def test_every_workflow_document_has_transitions():
    assert len(DOCUMENT_MODELS) >= 8
    assert len(TRANSITIONS) >= 40
    assert len(WITH_SERVICE) >= 12


@pytest.mark.parametrize(("model", "transition"), TRANSITIONS)
def test_every_transition_declares_typed_metadata_whose_paths_resolve(model, transition):
    metadata = transitions.metadata(transition)
    assert isinstance(metadata, transitions.TransitionMetadata)
    assert transitions.label(transition)
    form = transitions.form_class(transition)
    assert form is None or issubclass(form, TransitionForm)
    service = transitions.service(transition)
    if metadata.triggered_by:
        assert service is None, "only another document's service takes a triggered transition"
    if form is not None:
        assert service is not None, "a form's values go to the transition's service"


@pytest.mark.parametrize(("model", "transition"), WITH_SERVICE)
def test_every_service_is_keyword_only_annotated_and_documented(model, transition):
    service = transitions.service(transition)
    signature = inspect.signature(service)
    document, *rest = signature.parameters.values()
    assert all(p.kind is p.KEYWORD_ONLY for p in signature.parameters.values())
    assert all(p.annotation is not p.empty for p in signature.parameters.values())
    assert signature.return_annotation is not signature.empty
    assert issubclass(document.annotation, model)
    assert {"user", "comment"} <= {p.name for p in rest}
    assert service.__doc__


@pytest.mark.parametrize(("model", "transition"), TRANSITIONS)
def test_every_condition_is_a_rule_that_says_what_it_is_about(model, transition):
    for condition in transition.conditions:
        assert isinstance(condition, Rule), condition
        assert isinstance(condition.kind, RuleKind), condition


def test_a_rule_without_a_kind_cannot_be_declared():
    with pytest.raises(TypeError):
        Rule(lambda document: [])
