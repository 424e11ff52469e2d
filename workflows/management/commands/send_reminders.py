from django.core.management.base import BaseCommand
from django.utils import timezone

from workflows.notifications import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail due-soon, overdue and certificate expiry notices (daily, from cron); "
        "a second run on the same day sends nothing new."
    )

    def handle(self, *args, **options):
        sent = send_reminders(timezone.localdate())
        self.stdout.write(f"Reminders sent: {sent}")
