"""The core's layers: each subpackage imports only the layers below it, and the core never imports Qt.

The rules are read from the source (every import statement, those under
TYPE_CHECKING too), so a new module or a new import is checked as soon as it
is written.
"""
import ast
import pathlib

import pytest

import xorgui.core

CORE = pathlib.Path(xorgui.core.__file__).parent
# Each layer may import itself and the layers listed; nothing else of xorgui.
ALLOWED = {
    "model": set(),
    "training": {"model"},
    "explanation": {"model", "training"},
    "study": {"model", "training"},
    "session": {"model", "training", "explanation", "study", "walkthrough"},
    "files": {"model", "training", "explanation", "session"},
    "walkthrough": {"model", "training", "explanation"},
}


def imported(path: pathlib.Path, core: pathlib.Path = CORE) -> list[tuple[int, str]]:
    """Return (line, module) of every import in a file, relative ones resolved."""
    package = ["xorgui", "core", *path.relative_to(core).parts[:-1]]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            found.append((node.lineno, base))
            if base in ("xorgui.core",) + tuple(f"xorgui.core.{layer}" for layer in ALLOWED):
                found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["xorgui", "core"] else None


def test_every_core_module_lives_in_a_declared_layer():
    loose = sorted(p.name for p in CORE.glob("*.py") if p.name != "__init__.py")
    assert loose == [], f"modules outside any layer: {loose}"
    layers = sorted(p.name for p in CORE.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert layers == sorted(ALLOWED)


def violations(core: pathlib.Path, layer: str) -> list[str]:
    """Return every import of a layer under ``core`` that the rules forbid, as 'file:line imports module (why)'."""
    bad = []
    for path in sorted((core / layer).rglob("*.py")):
        for line, module in imported(path, core):
            top = module.split(".")[0]
            if top in ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6"):
                bad.append(f"{path.name}:{line} imports {module} (no Qt in the core)")
            elif top == "xorgui":
                target = layer_of(module)
                if target is None and module != "xorgui.core":
                    bad.append(f"{path.name}:{line} imports {module} (the core imports only the core)")
                elif target is not None and target != layer and target not in ALLOWED[layer]:
                    bad.append(f"{path.name}:{line} imports {module} ({layer} may import "
                               f"{', '.join(sorted(ALLOWED[layer])) or 'no other layer'})")
    return bad


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_a_layer_imports_only_the_layers_below_it(layer):
    assert violations(CORE, layer) == []


def test_the_rules_catch_a_forbidden_import(tmp_path):
    # the check above must be able to fail: upward, relative, Qt and non-core imports are all caught
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "probe.py").write_text(
        "from xorgui.core.session.snapshot import Snapshot\n"
        "from ..files import modelfile\n"
        "from xorgui.core import session\n"
        "import PySide6.QtCore\n"
        "from xorgui.qt import controller\n"
        "from xorgui.core.model import limits\n")
    found = violations(tmp_path, "model")
    assert [entry.split(" (")[0] for entry in found] == [
        "probe.py:1 imports xorgui.core.session.snapshot", "probe.py:2 imports xorgui.core.files",
        "probe.py:2 imports xorgui.core.files.modelfile", "probe.py:3 imports xorgui.core.session",
        "probe.py:4 imports PySide6.QtCore", "probe.py:5 imports xorgui.qt"]
