"""The register's modules (and the outbox's) import each other without a circle: a task module that imports what
it runs, nothing that it runs importing it back. grimp (import-linter's engine) also sees imports placed inside
functions, so hiding an import there does not hide a circle."""

import grimp
import pytest


def _cycles(graph, modules: set[str]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    edges = {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("vigie", cache_dir=None)


@pytest.mark.parametrize("package", ["vigie.register", "vigie.mail"])
def test_no_import_circle_inside_the_app(graph, package):
    modules = {m for m in graph.find_children(package) | graph.find_descendants(package) if ".migrations" not in m}
    assert _cycles(graph, modules) == []


def test_the_register_s_tasks_import_what_they_run_and_nothing_imports_them_back(graph):
    assert graph.find_modules_that_directly_import("vigie.register.tasks") == set()
    assert {"vigie.register.mailin.services", "vigie.register.requests.digest", "vigie.register.requests.privacy"} <= (
        graph.find_modules_directly_imported_by("vigie.register.tasks")
    )
