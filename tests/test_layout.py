"""The floor plan holds: no import cycles, the pure core never imports an adapter, reports never import the web."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "storylens"
ADAPTERS = ("storylens.ingest", "storylens.store", "storylens.web", "storylens.cli", "storylens.watch", "storylens.api")


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> Iterator[str]:
    """Every storylens module the file imports, at any depth (TYPE_CHECKING and function-level included)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            # importing a.b.c runs the __init__ of a and a.b first: those are edges too
            while name:
                if name in modules:
                    yield name
                name = name.rpartition(".")[0]


def import_graph() -> dict[str, set[str]]:
    """Map each module of the package to the package modules it imports (package ``__init__`` edges dropped)."""
    files = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    modules = set(files)
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        targets = set(_imports(path, modules)) - {name}
        # a module's own enclosing packages are already running when it is imported: not an edge
        graph[name] = {target for target in targets if not name.startswith(target + ".")}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycles() -> None:
    assert _cycle(import_graph()) is None


def test_the_detector_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_stages_and_kernel_import_no_adapter() -> None:
    graph = import_graph()
    core = [name for name in graph if name.startswith(("storylens.stages", "storylens.text"))]
    leaks = {name: sorted(t for t in graph[name] if t.startswith(ADAPTERS)) for name in core}
    assert {name: found for name, found in leaks.items() if found} == {}


def test_kernel_imports_no_capability() -> None:
    graph = import_graph()
    kernel = [name for name in graph if name.startswith("storylens.text")]
    leaks = {name: sorted(t for t in graph[name] if t.startswith("storylens.stages")) for name in kernel}
    assert {name: found for name, found in leaks.items() if found} == {}


def test_reports_do_not_import_the_web() -> None:
    graph = import_graph()
    report = [name for name in graph if name.startswith("storylens.report")]
    assert {
        name: sorted(graph[name]) for name in report if any(t.startswith("storylens.web") for t in graph[name])
    } == {}


def test_stages_has_one_package_per_capability() -> None:
    capabilities = {p.name for p in (PACKAGE / "stages").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert capabilities == {
        "clean",
        "reuse",
        "stories",
        "entities",
        "quotes",
        "temporal",
        "claims",
        "framing",
        "summary",
    }
    assert not [p.name for p in (PACKAGE / "stages").glob("_*.py") if p.name != "__init__.py"]
