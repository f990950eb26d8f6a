"""The package's layers: no module imports from a layer after its own (DEVELOPERS.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from advisor_run import ROOT

PACKAGE = ROOT / "advisor"


def layers() -> list[str]:
    """The layers in order, as DEVELOPERS.md lists them."""
    text = (ROOT / "DEVELOPERS.md").read_text(encoding="utf-8")
    block = re.search(r"^```layers\n(.*?)^```", text, re.M | re.S)
    assert block is not None, "DEVELOPERS.md lists the layers in a ```layers block"
    return [line.split()[0] for line in block.group(1).splitlines() if line.strip()]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str, order: list[str]) -> int:
    """The index of the layer ``module`` belongs to: the longest layer name that holds it."""
    held = [n for n, layer in enumerate(order) if module == layer or module.startswith(layer + ".")]
    return max(held, key=lambda n: len(order[n]))


def imports(path: Path) -> list[tuple[int, str]]:
    """Every advisor module ``path`` imports (at any depth), with its line."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            candidates = [f"{target}.{alias.name}" for alias in node.names] + [target]
            found += [(node.lineno, c) for c in candidates if _is_module(c)][:1]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("advisor")]
    return found


def _is_module(name: str) -> bool:
    parts = name.split(".")
    if parts[0] != "advisor":
        return False
    where = ROOT.joinpath(*parts)
    return where.with_suffix(".py").is_file() or (where / "__init__.py").is_file()


def test_the_layers_cover_the_package() -> None:
    order = layers()
    assert order[0] == "advisor"
    for layer in order[1:]:
        assert (ROOT.joinpath(*layer.split(".")) / "__init__.py").is_file(), layer
    sub = {module_name(p) for p in PACKAGE.glob("*/__init__.py")}
    assert sub <= set(order), f"a folder of the package is not a layer: {sub - set(order)}"


def test_no_module_imports_from_a_layer_after_its_own() -> None:
    order = layers()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).as_posix() in {"__init__.py", "__main__.py"}:
            continue  # the public API and the entry point reach into every layer
        own = layer_of(module_name(path), order)
        for line, target in imports(path):
            if layer_of(target, order) > own:
                found.append(f"{path.relative_to(ROOT)}:{line}: imports {target}")
    assert found == []


def test_the_check_sees_an_import_from_above(tmp_path: Path) -> None:
    # Guards the guard: an import inside a function, from a later layer, is found.
    order = layers()
    assert layer_of("advisor.cli.app", order) > layer_of("advisor.profiles.profile", order)
    probe = PACKAGE / "profiles" / "profile.py"
    assert any(t.startswith("advisor.") for _, t in imports(probe))
    targets = [t for _, t in imports(PACKAGE / "cli" / "launcher.py")]
    assert "advisor.cli.app" in targets  # imported inside main()


LIBRARY = ("profiles", "questions", "reasoning", "renderers")
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def _strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


def test_the_library_names_no_command_line_flag() -> None:
    # A message from the library reaches users of the Python API too, who have no flags; the
    # command line adds advice about its own options.
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for layer in LIBRARY
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for line, text in _strings(path)
        if FLAG.search(text)
    ]
    found += [
        f"advisor/{name}:{line}: {text!r}"
        for name in ("errors.py", "files.py", "cache.py", "text.py", "encoding.py")
        for line, text in _strings(PACKAGE / name)
        if FLAG.search(text)
    ]
    assert found == []
