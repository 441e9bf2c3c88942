"""The house rules that a tool can check: one job per module and function, pages that only lay out widgets,
imports at the top, one way to write bilingual text, label tables only in the vocabularies.

The import contracts themselves (who may import whom) are checked by import-linter (`make lint`); the figures
below are printed by ``scripts/house_stats.py``.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("house_stats", ROOT / "scripts" / "house_stats.py")
assert _spec and _spec.loader
house = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(house)

OUR_PACKAGES = ("gis", "clusters", "layers", "app_pages")
FILES = house.python_files()
#: Where a label table may live: the vocabularies (places, plan things) and the text helpers.
VOCABULARY_MODULES = {"gis/vocab.py", "clusters/vocab.py", "gis/text.py"}
#: Inline ``lang == "zh"`` switches allowed outside gis/text.py (where the logic, not only the text, differs).
MAX_INLINE_LANG_SWITCHES = 3
CJK = re.compile(r"[\u4e00-\u9fff]")


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_no_module_over_500_lines() -> None:
    assert house.long_modules(FILES) == []


def test_no_function_over_100_lines() -> None:
    assert house.long_functions(FILES) == []


@pytest.mark.parametrize("page", house.pages(), ids=lambda p: p.name)
def test_page_is_a_render_function_with_a_short_script(page: Path) -> None:
    tree = ast.parse(page.read_text(encoding="utf-8"))
    assert house.page_script_lines(page) <= house.MAX_PAGE_SCRIPT_LINES
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert "render" in names, f"{page.name} has no render()"


def _own(module: str | None) -> bool:
    return bool(module) and module.split(".")[0] in OUR_PACKAGES


def test_imports_of_our_own_modules_are_at_module_top() -> None:
    late = []
    for f in FILES:
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for sub in ast.walk(node):
                    if isinstance(sub, ast.ImportFrom) and _own(sub.module):
                        late.append(f"{_rel(f)}:{sub.lineno} from {sub.module}")
                    elif isinstance(sub, ast.Import) and any(_own(a.name) for a in sub.names):
                        late.append(f"{_rel(f)}:{sub.lineno} import")
    assert late == []


def test_no_import_error_fallback_around_our_own_modules() -> None:
    hidden = []
    for f in FILES:
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Try):
                continue
            catches = [
                h for h in node.handlers if h.type is not None and "ImportError" in ast.unparse(h.type)
            ]
            imports_ours = any(
                (isinstance(s, ast.ImportFrom) and _own(s.module))
                or (isinstance(s, ast.Import) and any(_own(a.name) for a in s.names))
                for b in node.body
                for s in ast.walk(b)
            )
            if catches and imports_ours:
                hidden.append(f"{_rel(f)}:{node.lineno}")
    assert hidden == []


def test_bilingual_text_is_written_one_way() -> None:
    switches = [(p, n) for p, n in house.lang_switches(FILES) if p != "gis/text.py"]
    assert sum(n for _, n in switches) <= MAX_INLINE_LANG_SWITCHES, switches


def _is_pair_table(node: ast.Dict) -> bool:
    """A dict literal whose values are all (Chinese, English) string pairs: a label table."""
    if len(node.values) < 2:
        return False
    for value in node.values:
        if not (isinstance(value, ast.Tuple) and len(value.elts) == 2):
            return False
        zh, en = value.elts
        if not (isinstance(zh, ast.Constant) and isinstance(zh.value, str) and CJK.search(zh.value)):
            return False
        if not (isinstance(en, ast.Constant) and isinstance(en.value, str)):
            return False
    return True


def test_label_tables_live_only_in_the_vocabularies() -> None:
    tables = []
    for f in FILES:
        if _rel(f) in VOCABULARY_MODULES:
            continue
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict) and _is_pair_table(node):
                tables.append(f"{_rel(f)}:{node.lineno}")
    assert tables == []
