from pathlib import Path

from django.conf import settings

from workflows.diagrams import state_machines_markdown


def test_the_committed_state_diagrams_match_the_models():
    committed = (Path(settings.BASE_DIR) / "docs" / "state-machines.md").read_text(encoding="utf-8")
    assert committed == state_machines_markdown(), "run `manage.py state_diagrams`"


def test_every_transition_appears_in_the_diagrams():
    text = state_machines_markdown()
    assert "awaiting_order --> active: Начать наставничество" in text
    assert "approval --> signed: Подписать" in text
    assert "awaiting_consent --> awaiting_order: Дать согласие" in text
