"""Rules stay data: no Chinese vocabulary in the parser's Python code.

Words and patterns of Chinese economic reporting live in ``parsers/data`` (CSV/YAML) and the code
builds its patterns from them.  This test reads every module of ``parsers`` with ``ast`` (nothing is
imported) and collects the string constants that contain a CJK character, docstrings excepted.
None may remain, except

* the messages shown to the user (MESSAGE_MODULES: error texts of the upload are not rules), and
* the bounds of the CJK block in an "is a CJK character" test (``"\\u4e00" <= c <= "\\u9fff"``):
  a range, not a word.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "parsers"
CJK = re.compile(r"[\u4e00-\u9fff]")
# modules whose Chinese strings are messages to the user, not rules
MESSAGE_MODULES = {"textio", "worker"}
CJK_BOUNDS = {"\u4e00", "\u9fff"}


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                out.add(id(first.value))
    return out


def _range_bounds(tree: ast.AST) -> set[int]:
    """Constants that bound a comparison with the CJK block ("\\u4e00" <= c <= "\\u9fff")."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            consts = [n for n in (node.left, *node.comparators) if isinstance(n, ast.Constant)]
            if len(consts) == 2 and {c.value for c in consts} == CJK_BOUNDS:
                out.update(id(c) for c in consts)
    return out


def cjk_literals(source: str) -> list[tuple[int, str]]:
    """(line, literal) of every string constant with a CJK character that is neither a docstring
    nor a bound of a CJK range test."""
    tree = ast.parse(source)
    skip = _docstrings(tree) | _range_bounds(tree)
    found = [node for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
             and id(node) not in skip and CJK.search(node.value)]
    return [(n.lineno, n.value) for n in sorted(found, key=lambda n: (n.lineno, n.col_offset))]


@pytest.mark.parametrize("source, found", [
    pytest.param('"""文档。"""\nX = 1\n', [], id="module-docstring"),
    pytest.param('def f():\n    """函数说明"""\n    return 1\n', [], id="function-docstring"),
    pytest.param('ok = "\\u4e00" <= c <= "\\u9fff"\n', [], id="cjk-range-bounds"),
    pytest.param('W = ["增长", "下降"]\n', [(1, "增长"), (1, "下降")], id="word-list"),
    pytest.param('RX = r"\\d+年"\n', [(1, "\\d+年")], id="regex"),
    pytest.param('if c == "一":\n    pass\n', [(1, "一")], id="bound-char-used-as-word"),
    pytest.param('x = f"{y}年"\n', [(1, "年")], id="f-string-part"),
])
def test_scanner(source, found):
    assert cjk_literals(source) == found


def test_parser_code_has_no_chinese_vocabulary():
    leftovers = [f"parsers/{p.name}:{line}: {text!r}"
                 for p in sorted(PKG.glob("*.py")) if p.stem not in MESSAGE_MODULES
                 for line, text in cjk_literals(p.read_text(encoding="utf-8"))]
    assert not leftovers, ("Chinese vocabulary in Python code: move it to parsers/data (CSV/YAML) and build the "
                           "pattern from the data:\n" + "\n".join(leftovers))


def test_message_modules_exist():
    """The allow-list names real modules (a renamed module must not keep a stale exemption)."""
    assert {p.stem for p in PKG.glob("*.py")} >= MESSAGE_MODULES
