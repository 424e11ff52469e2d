"""The Russian catalogue is complete: every source string in the code has a translation."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMPILED = ROOT / "locale" / "ru" / "LC_MESSAGES" / "django.mo"
SOURCES = ["portal", "workflows", "content", "registry", "templates", "manage.py"]


def compiled_catalogue() -> dict[str, str]:
    with COMPILED.open("rb") as handle:
        return {
            key if isinstance(key, str) else key[0]: value
            for key, value in gettext.GNUTranslations(handle)._catalog.items()
            if key
        }


def source_msgids(tmp_path: Path) -> set[str]:
    """Extract the strings as `makemessages` would, from a copy so the tree is untouched."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "ru", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "portal.settings.test", "PATH": "/usr/bin:/bin"},
    )
    po = (tmp_path / "locale" / "ru" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    ids = set()
    for block in po.split("\n\n"):
        msgid, context = _field(block, "msgid"), _field(block, "msgctxt")
        if msgid:
            # gettext keys an entry with a context as "context\x04msgid".
            ids.add(f"{context}\x04{msgid}" if context else msgid)
    return ids


def _field(block: str, name: str) -> str:
    match = re.search(rf'^{name} ((?:".*"\n?)+)', block, re.MULTILINE)
    if not match:
        return ""
    text = "".join(re.findall(r'"(.*)"', match.group(1)))
    return text.encode().decode("unicode_escape").encode("latin-1").decode()


def test_every_compiled_entry_has_a_russian_translation():
    catalogue = compiled_catalogue()
    assert catalogue
    assert [key for key, value in catalogue.items() if not value.strip()] == []


def test_every_string_in_the_code_is_in_the_compiled_catalogue(tmp_path):
    missing = source_msgids(tmp_path) - compiled_catalogue().keys()
    assert missing == set()
