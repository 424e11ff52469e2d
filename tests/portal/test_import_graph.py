"""The project's modules import one another without cycles.

A cycle loads only if its modules happen to be imported in one particular order, so a reordered
import line (or a new one) breaks ``django.setup()`` far from the change. The graph is read from
the source with ``ast``: the import statements that run when a module loads (top level, inside
top-level ``if``/``try``/``with`` blocks and class bodies), not those inside functions, which run
later, nor those under ``if TYPE_CHECKING:``, which never run.

The tests are in the graph too: no project module imports them, so they cannot close a cycle
through the project, but conftest, factories and test modules import one another, and a cycle
there breaks collection in the same way.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("portal", "workflows", "content", "registry", "tests")

# The checks the model modules build on: they stay free of models whoever imports them.
MODELS_FREE = (
    "workflows.predicates",
    "workflows.permissions",
    "workflows.rules",
    "workflows.periods",
)

Graph = dict[str, set[str]]


def project_modules(root: Path = ROOT, packages=PACKAGES) -> dict[str, Path]:
    """Every module of ``packages`` under ``root``, by dotted name."""
    modules = {}
    for package in packages:
        if not (root / package / "__init__.py").exists():
            continue
        for path in (root / package).rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _load_time_imports(body: list[ast.stmt]):
    """The import statements of ``body`` that run when the module loads."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _load_time_imports(node.body)
            yield from _load_time_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _load_time_imports(block)
            for handler in node.handlers:
                yield from _load_time_imports(handler.body)
        elif isinstance(node, ast.With | ast.ClassDef):
            yield from _load_time_imports(node.body)


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def loaded_names(name: str, path: Path) -> set[str]:
    """Every dotted name that loading module ``name`` (at ``path``) may load, in or out of the
    project: each imported module, its parent packages, and ``pkg.name`` for ``from pkg import
    name`` in case that is a submodule."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names = set()
    for node in _load_time_imports(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*anchor, base] if base else anchor)
        names.add(base)
        names.update(f"{base}.{alias.name}" for alias in node.names)
    for target in list(names):
        names.update(_ancestors(target))
    return names


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules that loading module ``name`` (at ``path``) loads directly.

    Loading ``a.b.c`` runs ``a/__init__`` and ``a/b/__init__`` first, so those count too,
    unless the importer is inside them and they are therefore already loading.
    """
    own = {*_ancestors(name), name}
    return {target for target in loaded_names(name, path) if target in modules} - own


def import_graph(root: Path = ROOT, packages=PACKAGES) -> Graph:
    """The module-level import graph of ``packages``: module → the modules it loads."""
    modules = project_modules(root, packages)
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def find_cycles(graph: Graph) -> list[list[str]]:
    """One cycle (``[a, b, …, a]``) for each strongly connected group of modules (Tarjan)."""
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def connect(node: str) -> None:
        index[node] = lowlink[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                lowlink[node] = min(lowlink[node], lowlink[target])
            elif target in on_stack:
                lowlink[node] = min(lowlink[node], index[target])
        if lowlink[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_cycle_within(graph, component) for component in components]


def _cycle_within(graph: Graph, component: set[str]) -> list[str]:
    """A path from the component's first module back to itself, staying inside it."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node] & component):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    raise AssertionError(f"{component} is not strongly connected")


def test_the_cycle_finder_finds_a_cycle_and_only_the_cycle():
    graph = {
        "a": {"b"},
        "b": {"c", "d"},
        "c": {"a"},
        "d": {"e"},
        "e": set(),
        "f": {"f"},
    }

    cycles = find_cycles(graph)

    assert sorted(cycles) == [["a", "b", "c", "a"], ["f", "f"]]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_graph_reads_relative_package_and_deferred_imports(tmp_path):
    files = {
        "pkg/__init__.py": "from .models import Thing\n",
        "pkg/models/__init__.py": "from .things import Thing\n",
        "pkg/models/things.py": "from pkg.models.base import Base\n",
        "pkg/models/base.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from pkg.views import view\n"
            "def later():\n    from pkg import views\n"
        ),
        "pkg/views.py": "try:\n    from pkg.models import things\nexcept ImportError:\n    pass\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)

    graph = import_graph(tmp_path, ["pkg"])

    assert graph == {
        "pkg": {"pkg.models"},
        "pkg.models": {"pkg.models.things"},
        "pkg.models.things": {"pkg.models.base"},
        "pkg.models.base": set(),
        "pkg.views": {"pkg.models", "pkg.models.things"},
    }


def _defines_models(name: str) -> bool:
    parts = name.split(".")
    return "models" in parts and not name.startswith("django.db.models")


def _reached(graph: Graph, start: set[str]) -> set[str]:
    reached, queue = set(start), list(start)
    while queue:
        for target in graph[queue.pop()] - reached:
            reached.add(target)
            queue.append(target)
    return reached


def test_what_the_workflow_models_import_loads_no_models():
    """The checks the model modules import (roles, permissions, rules and whatever else they
    load outside their package) load no model module, neither the project's nor Django's or
    Wagtail's, so they can never close a cycle through a models package."""
    modules = project_modules()
    graph = import_graph()
    model_modules = {name for name in graph if name.startswith("workflows.models")}
    helpers = (_reached(graph, model_modules) - model_modules) | set(MODELS_FREE)
    assert set(MODELS_FREE) <= set(graph)
    loading_models = {
        helper: sorted(
            name for name in loaded_names(helper, modules[helper]) if _defines_models(name)
        )
        for helper in _reached(graph, helpers)
    }
    assert not {helper: names for helper, names in loading_models.items() if names}


def test_the_project_imports_without_cycles():
    cycles = find_cycles(import_graph())

    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(cycle) for cycle in cycles)
