"""The registry depends on the mentoring domain, never the reverse (issue 12, point 6)."""

import ast
from pathlib import Path

from django.conf import settings


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at any level of its code."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
    return modules


def test_workflows_never_imports_the_registry():
    offences = [
        f"{path.relative_to(settings.BASE_DIR)}: {module}"
        for path in sorted((Path(settings.BASE_DIR) / "workflows").rglob("*.py"))
        for module in sorted(imported_modules(path))
        if module == "registry" or module.startswith("registry.")
    ]
    assert offences == []
