"""Print the house's shape figures: long modules, long functions, page scripts, inline language switches.

Run ``python scripts/house_stats.py`` (optionally ``--json``); tests/test_house.py enforces the limits.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("gis", "clusters", "layers", "app_pages")
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 100
MAX_PAGE_SCRIPT_LINES = 40
#: An inline language switch: ``… if lang == "zh" else …`` and its variants.
LANG_SWITCH = re.compile(r"""\blang(?:\(\))?\s*(?:==|!=)\s*["'](?:zh|en)["']""")


def python_files(packages: tuple[str, ...] = PACKAGES) -> list[Path]:
    """Every ``.py`` file of the packages, sorted."""
    return sorted(p for pkg in packages for p in (ROOT / pkg).rglob("*.py"))


def long_modules(files: list[Path]) -> list[tuple[str, int]]:
    """(path, lines) of modules over the limit."""
    out = []
    for f in files:
        n = len(f.read_text(encoding="utf-8").splitlines())
        if n > MAX_MODULE_LINES:
            out.append((str(f.relative_to(ROOT)), n))
    return out


def long_functions(files: list[Path]) -> list[tuple[str, int]]:
    """(path:function, lines) of functions and methods over the limit."""
    out = []
    for f in files:
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    out.append((f"{f.relative_to(ROOT)}:{node.name}", n))
    return out


def page_script_lines(path: Path) -> int:
    """Lines of top-level statements in a page other than imports, definitions, docstring and constants."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = 0
    for i, node in enumerate(tree.body):
        if isinstance(
            node, ast.Import | ast.ImportFrom | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef
        ):
            continue
        if i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the module docstring
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(
            getattr(node, "value", None), ast.Constant | ast.Tuple | ast.List | ast.Dict | ast.Set
        ):
            continue  # a constant
        lines += (node.end_lineno or node.lineno) - node.lineno + 1
    return lines


def pages() -> list[Path]:
    """The page files: those ``app.py`` puts in the navigation (``"name.py"`` entries of its page list)."""
    names = re.findall(r'"(\w+\.py)"', (ROOT / "app.py").read_text(encoding="utf-8"))
    return sorted(ROOT / "app_pages" / n for n in names if (ROOT / "app_pages" / n).exists())


def lang_switches(files: list[Path]) -> list[tuple[str, int]]:
    """(path, count) of inline language switches."""
    out = []
    for f in files:
        n = len(LANG_SWITCH.findall(f.read_text(encoding="utf-8")))
        if n:
            out.append((str(f.relative_to(ROOT)), n))
    return out


def stats() -> dict[str, object]:
    """All figures as a dict."""
    files = python_files()
    page_lines = {str(p.relative_to(ROOT)): page_script_lines(p) for p in pages()}
    switches = lang_switches(files)
    return {
        "modules_over_500_lines": long_modules(files),
        "functions_over_100_lines": long_functions(files),
        "page_scripts_over_40_lines": [(k, v) for k, v in page_lines.items() if v > MAX_PAGE_SCRIPT_LINES],
        "inline_language_switches": sum(n for _, n in switches),
        "inline_language_switches_by_file": switches,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    s = stats()
    if args.json:
        print(json.dumps(s, ensure_ascii=False, indent=1))
        return
    for key, value in s.items():
        if isinstance(value, list):
            print(f"{key}: {len(value)}")
            for item in value:
                print(f"    {item[0]} ({item[1]})")
        else:
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
