from django.core.management.base import BaseCommand

from workflows.roles import ensure_roles


class Command(BaseCommand):
    help = "Create or update the role groups and their permissions (safe to run repeatedly)."

    def handle(self, *args, **options):
        groups = ensure_roles()
        self.stdout.write(self.style.SUCCESS(f"Roles up to date: {', '.join(groups)}"))
