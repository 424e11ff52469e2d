from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from workflows.demo import DEMO_PASSWORD, read_fixture
from workflows.mail import SILENT_MAIL

# Order matters: each loader may use what the ones before it created.
LOADERS = [
    "workflows.demo.directory.load",
    "workflows.demo.mentorships.load",
    "workflows.demo.documents.load",
    "workflows.demo.statuses.load",
    "content.demo.load",
]


class Command(BaseCommand):
    help = "Load the demo data set; running it again changes nothing."

    def handle(self, *args, **options):
        # The demo's people are made up: their notices are dropped, not printed or queued.
        with override_settings(**SILENT_MAIL):
            for dotted in LOADERS:
                self.stdout.write(f"→ {dotted}")
                with transaction.atomic():
                    import_string(dotted)(lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password «{DEMO_PASSWORD}» for all):")
        for row in read_fixture("directory.json")["users"]:
            roles = ", ".join(row["roles"]) or "superuser"
            self.stdout.write(f"  {row['username']:<12} {roles}")
