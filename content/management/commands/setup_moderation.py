from django.core.management.base import BaseCommand

from content.moderation import ensure_publication_workflow
from workflows.roles import ensure_roles


class Command(BaseCommand):
    help = "Create or repair the page publication workflow (safe to run repeatedly)."

    def handle(self, *args, **options):
        ensure_roles()
        workflow = ensure_publication_workflow()
        self.stdout.write(
            self.style.SUCCESS(f"Workflow «{workflow.name}» is assigned to all pages.")
        )
