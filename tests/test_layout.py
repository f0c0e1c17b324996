"""The package's shape: every module imports, no import cycles, no reaching into
another module's private names, imports only down the layers of docs/architecture.md,
and that page's package map lists exactly the modules that exist."""

from __future__ import annotations

import ast
import importlib
import re

import pytest
from layout import ROOT, cycles, imports, modules

ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _section(title: str) -> str:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    match = re.search(rf"^## {title}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"docs/architecture.md has no '## {title}' section"
    return match.group(1)


def _layers() -> dict[str, int]:
    """Module or package name -> layer number, from the '## Layers' list."""
    out: dict[str, int] = {}
    for line in _section("Layers").splitlines():
        m = re.match(r"^(\d+)\. (.*)$", line)
        if m:
            for name in re.findall(r"`([\w.]+)`", m.group(2)):
                out[name] = int(m.group(1))
    return out


def _layer_of(module: str, layers: dict[str, int]) -> int:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        name = ".".join(parts[:n])
        if name in layers:
            return layers[name]
    raise AssertionError(f"{module} is in no layer of docs/architecture.md")


@pytest.mark.parametrize("name", sorted(modules()))
def test_every_module_imports(name: str) -> None:
    if name == "attribution.__main__":
        pytest.skip("runs the command line on import")
    importlib.import_module(name)


def test_no_import_cycles() -> None:
    known = modules()
    edges: dict[str, set[str]] = {}
    for imp in imports(known):
        if imp.target in known and imp.target != imp.source:
            edges.setdefault(imp.source, set()).add(imp.target)
    assert cycles(edges) == []


def test_no_relative_imports() -> None:
    assert [i for i in imports(modules()) if i.target == "<relative>"] == []


def test_no_private_names_of_other_modules() -> None:
    known = modules()
    bad = [
        f"{i.source}:{i.line} imports {i.target}.{n}"
        for i in imports(known)
        for n in i.names
        if n.startswith("_") and not n.startswith("__")
    ]
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {
            (a.asname or a.name): f"{node.module}.{a.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("attribution")
            for a in node.names
            if f"{node.module}.{a.name}" in known
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                bad.append(f"{name}:{node.lineno} reads {aliases[node.value.id]}.{node.attr}")
    assert bad == []


def test_imports_go_down_the_layers() -> None:
    layers = _layers()
    known = modules()
    wrong = []
    for imp in imports(known):
        if imp.target not in known or imp.target == imp.source:
            continue
        source, target = _layer_of(imp.source, layers), _layer_of(imp.target, layers)
        same_package = imp.source.split(".")[:2] == imp.target.split(".")[:2]
        if target > source or (target == source and not same_package):
            wrong.append(
                f"{imp.source}:{imp.line} (layer {source}) imports {imp.target} (layer {target})"
            )
    assert wrong == []


def test_package_map_lists_every_module() -> None:
    listed = set(re.findall(r"`(attribution/[\w/]+\.py)`", _section("Package map")))
    on_disk = {
        str(p.relative_to(ROOT))
        for p in modules().values()
        if not (p.name == "__init__.py" and p.parent.name != "attribution")
    }
    assert sorted(on_disk - listed) == [], "modules missing from the package map"
    assert sorted(listed - on_disk) == [], "the package map lists modules that do not exist"
