from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from workflows.diagrams import state_machines_markdown

TARGET = Path(settings.BASE_DIR) / "docs" / "state-machines.md"


class Command(BaseCommand):
    help = "Write docs/state-machines.md from the documents' state machines."

    def handle(self, *args, **options):
        TARGET.write_text(state_machines_markdown(), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Written {TARGET}"))
