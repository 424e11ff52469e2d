from pathlib import Path

from django.core.management.base import BaseCommand

from content.regulation import GLUED_WORDS, import_regulation


class Command(BaseCommand):
    help = "Import the regulation on mentoring from its text; running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the regulation as UTF-8 text")
        parser.add_argument(
            "--glued-words",
            type=Path,
            default=GLUED_WORDS,
            help="the reviewed list of glued words (default: %(default)s)",
        )

    def handle(self, *args, path, glued_words, **options):
        page = import_regulation(
            path, glued_path=glued_words, log=lambda message: self.stdout.write(message)
        )
        self.stdout.write(self.style.SUCCESS(f"The regulation is at {page.url}"))
