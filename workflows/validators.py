"""Validation of uploaded scans: the content decides, not the file name."""

from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Leading bytes of the formats a scanned signature may come in.
SCAN_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}

# What a scan is served as: decided by its content, like its acceptance.
SCAN_CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def scan_format(head: bytes) -> str | None:
    """The format (``pdf``, ``jpg``, ``png``) whose signature ``head`` starts with, if any."""
    return next(
        (name for name in SCAN_CONTENT_TYPES if head.startswith(SCAN_SIGNATURES[name])), None
    )


def read_head(upload, size: int = 16) -> bytes:
    """The first ``size`` bytes of an upload, leaving its position where it was."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(size)
    upload.seek(position)
    return head


def file_extension(upload, allowed: Iterable[str]) -> str:
    """The extension of the upload's name, lower case and without the dot, read as Django's
    FileExtensionValidator reads it; a name without one (``scan``, ``scan.``) is refused with a
    message that says so and lists ``allowed``, rather than «Расширение файлов “” не
    поддерживается»."""
    extension = Path(upload.name).suffix[1:].lower()
    if not extension:
        raise ValidationError(
            _(
                "The file “%(name)s” has no extension, so its format is unknown. Rename it so "
                "that its name ends in one of: %(extensions)s."
            ),
            params={"name": upload.name, "extensions": ", ".join(f".{e}" for e in allowed)},
            code="no_extension",
        )
    return extension


def content_mismatch(extension: str) -> ValidationError:
    return ValidationError(
        _("The file is not a real %(format)s document: its content does not match."),
        params={"format": extension.upper()},
        code="bad_content",
    )


def validate_scan(upload) -> None:
    """Accept only PDF, JPEG or PNG files whose content matches their extension and size limit."""
    limit = settings.SCAN_MAX_UPLOAD_SIZE
    if upload.size > limit:
        raise ValidationError(
            _("The scan is too large: at most %(limit)d MB."),
            params={"limit": limit // (1024 * 1024)},
            code="too_large",
        )
    extension = file_extension(upload, SCAN_SIGNATURES)
    if extension not in SCAN_SIGNATURES:
        raise ValidationError(_("Only PDF, JPEG or PNG scans are accepted."), code="bad_extension")
    if not read_head(upload).startswith(SCAN_SIGNATURES[extension]):
        raise content_mismatch(extension)
