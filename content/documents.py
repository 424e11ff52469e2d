"""Uploads of Wagtail documents: the content decides, not the file name."""

from django.conf import settings
from django.core.validators import FileExtensionValidator

from wagtail.documents.forms import BaseDocumentForm

from workflows.validators import content_mismatch, file_extension, read_head

ZIP = (b"PK\x03\x04",)
# Leading bytes of each allowed extension (settings.WAGTAILDOCS_EXTENSIONS); the office formats
# are ZIP containers. Plain text has no signature and is checked apart.
DOCUMENT_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "rtf": (b"{\\rtf",),
    "docx": ZIP,
    "xlsx": ZIP,
    "pptx": ZIP,
    "odt": ZIP,
    "ods": ZIP,
    "zip": ZIP,
}
# Markup that a browser would run if a "text" file were ever shown as HTML or SVG.
MARKUP = (b"<", b"\xef\xbb\xbf<")


def is_plain_text(head: bytes) -> bool:
    """UTF-8 text that does not open with markup (the sample may cut a character in two)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            return False
    return not head.lstrip().startswith(MARKUP) and b"\0" not in head


def matches_extension(head: bytes, extension: str) -> bool:
    if extension == "txt":
        return is_plain_text(head)
    return any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES.get(extension, ()))


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form that refuses a file without an extension or with one outside
    WAGTAILDOCS_EXTENSIONS, and a file whose content is not what its name says (an HTML page
    renamed ``.pdf``), each with its own reason."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "read"):
            allowed = settings.WAGTAILDOCS_EXTENSIONS
            extension = file_extension(upload, allowed)
            FileExtensionValidator(allowed)(upload)
            if not matches_extension(read_head(upload, 512), extension):
                raise content_mismatch(extension)
        return upload

    def _post_clean(self):
        # Wagtail's Document.clean checks the extension once more, on the instance. When
        # clean_file has refused the upload, a new instance has no file yet, and that check
        # would add «Расширение файлов “” не поддерживается» to the real reason: keep only
        # the form's own.
        refused = self._errors.get("file")
        refused = refused.copy() if refused else None
        super()._post_clean()
        if refused:
            self._errors["file"] = refused
