from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry.imports import ImportFileError, import_certificates

BAR = 30


class Command(BaseCommand):
    help = "Import a regional list of status certificates (XLSX or CSV): all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Only validate the file; write nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        try:
            report = import_certificates(file, dry_run=dry_run, progress=self.progress)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        for line, reason in report.errors:
            self.stderr.write(_("Row %(line)s: %(reason)s") % {"line": line, "reason": reason})
        if report.errors:
            raise CommandError(
                _("Nothing imported: %(bad)s of %(rows)s rows have errors.")
                % {"bad": len(report.errors), "rows": report.rows}
            )
        if dry_run:
            message = _("The file is valid: %(rows)s rows, %(skipped)s already imported.")
        else:
            message = _("Imported: %(created)s; already imported before: %(skipped)s.")
        self.stdout.write(self.style.SUCCESS(message % report.__dict__))

    def progress(self, done: int, total: int) -> None:
        """A text progress bar on stderr, redrawn in place."""
        filled = BAR * done // total
        ending = "\n" if done == total else ""
        self.stderr.write(f"\r[{'#' * filled}{'.' * (BAR - filled)}] {done}/{total}", ending=ending)
