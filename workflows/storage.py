"""Where personal papers are kept: a storage apart from the public media, with no address.

Consent scans carry a person's signature and personal data. Anything under ``MEDIA_ROOT`` is a
URL away from the public (``static()`` in development, a careless ``location /media/`` in
nginx), so scans go to ``STORAGES["private"]`` (``PRIVATE_MEDIA_ROOT``), whose files have no
URL at all; the admin's ``ScanView`` streams one after checking who asks.
"""

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on the server's disk that no URL leads to."""

    def url(self, name):
        # Fail loudly: a link to a private file would be a link to nowhere, or worse.
        raise ValueError("Private files have no URL: serve them through a view that checks access.")


def private_storage() -> Storage:
    """The private storage, looked up when used (so tests and settings may change it)."""
    return storages["private"]


@checks.register(checks.Tags.security)
def private_media_is_not_public(app_configs=None, **kwargs):
    """PRIVATE_MEDIA_ROOT inside MEDIA_ROOT would put the scans back behind a public URL."""
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    if private == media or media in private.parents:
        return [
            checks.Error(
                "PRIVATE_MEDIA_ROOT lies inside MEDIA_ROOT, whose files have public URLs.",
                hint="Point PRIVATE_MEDIA_ROOT at a directory outside MEDIA_ROOT.",
                id="workflows.E001",
            )
        ]
    return []
