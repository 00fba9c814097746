"""The structure of ``parsers`` and ``store``: the parser's import graph has no cycle, and the parser
never reaches the dashboard (streamlit) or the store; the store sits between them (it may import the
parser's schema, never streamlit or the dashboard's components).

The graph is read from the source with ``ast`` (nothing is imported), and an import inside a function
counts like one at the top: a lazy import hides a cycle, it does not remove it.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "parsers"
STORE_PKG = ROOT / "store"
# The store is the dashboard's database (package ``store``); only the parser's command line
# (``build --db``, a lazy import) writes it.
MAY_IMPORT_STORE = {"cli"}
# What the store may use of the parser: the tidy tables' contract, and the parse of the seeds on a first start.
STORE_MAY_IMPORT_FROM_PARSERS = {"parsers.schema", "parsers.api"}


def imports_of(path: Path) -> set[str]:
    """Names imported anywhere in a module (top level or inside functions): ``parsers.x`` as ``x``,
    anything else by its full dotted name."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                out.add(node.module or "")
            elif node.module:                       # from .x import y
                out.add(node.module.split(".")[0])
            else:                                   # from . import x
                out.update(a.name for a in node.names)
    return out


def import_graph() -> dict[str, set[str]]:
    """parsers module -> the parsers modules it imports."""
    mods = {p.stem: imports_of(p) for p in PKG.glob("*.py")}
    return {m: {t for t in imps if t in mods and t != m} for m, imps in mods.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle as a path [a, b, ..., a], or [] when the graph is acyclic (depth-first, three colours)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str]:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                return stack[stack.index(t):] + [t]
            if t not in state:
                found = visit(t)
                if found:
                    return found
        state[m] = 2
        stack.pop()
        return []

    for m in sorted(graph):
        if m not in state:
            found = visit(m)
            if found:
                return found
    return []


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(graph[m])
    return seen


@pytest.mark.parametrize("graph, cycle", [
    pytest.param({"a": {"b"}, "b": {"c"}, "c": set()}, False, id="chain"),
    pytest.param({"a": {"b", "c"}, "b": {"c"}, "c": set()}, False, id="diamond"),
    pytest.param({"a": {"b"}, "b": {"a"}}, True, id="two-cycle"),
    pytest.param({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}, True, id="three-cycle"),
])
def test_cycle_finder(graph, cycle):
    found = find_cycle(graph)
    assert bool(found) is cycle
    if found:
        assert found[0] == found[-1] and all(b in graph[a] for a, b in zip(found, found[1:]))


def test_lazy_imports_count(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from .pipeline import run\n    import streamlit as st\n", encoding="utf-8")
    assert imports_of(f) == {"pipeline", "streamlit"}


def test_parsers_import_graph_has_no_cycle():
    graph = import_graph()
    assert {"api", "pipeline", "extract", "tables", "model", "phrases"} <= set(graph)
    assert find_cycle(graph) == []


@pytest.mark.parametrize("module, forbidden", [
    pytest.param("extract", {"api", "pipeline"}, id="extract-below-pipeline"),
    pytest.param("tables", {"extract", "api", "pipeline"}, id="tables-below-extract"),
    pytest.param("phrases", {"extract", "tables", "pipeline", "api"}, id="phrases-below-tables"),
    pytest.param("model", {"extract", "tables", "phrases", "pipeline", "api"}, id="model-imports-no-step"),
])
def test_layers(module, forbidden):
    assert not reachable(import_graph(), module) & forbidden


def test_no_module_imports_streamlit():
    for p in PKG.glob("*.py"):
        assert not any(i.split(".")[0] == "streamlit" for i in imports_of(p)), p.name


def _imports_store(name: str) -> bool:
    return name == "store" or name.startswith("store.")


def test_the_store_left_the_parser():
    assert not (PKG / "store.py").exists() and not (PKG / "summaries.py").exists()
    assert {"db", "summaries", "queries"} <= {p.stem for p in STORE_PKG.glob("*.py")}


def test_only_the_command_line_imports_the_store():
    importers = {p.stem for p in PKG.glob("*.py") if any(_imports_store(i) for i in imports_of(p))}
    assert importers <= MAY_IMPORT_STORE, importers
    graph = import_graph()
    assert not reachable(graph, "api") & MAY_IMPORT_STORE, "parsing must not reach the store"


def test_store_imports_no_dashboard_and_only_the_parsers_contract():
    for p in STORE_PKG.glob("*.py"):
        imps = imports_of(p)
        assert not any(i.split(".")[0] in {"streamlit", "components", "app_pages", "plotly"} for i in imps), p.name
        from_parsers = {i for i in imps if i == "parsers" or i.startswith("parsers.")}
        assert from_parsers <= STORE_MAY_IMPORT_FROM_PARSERS, (p.name, from_parsers)


def test_the_import_scanner_sees_the_store_import_of_the_command_line():
    assert any(_imports_store(i) for i in imports_of(PKG / "cli.py"))


# ------------------------------------------------------------------ rules are data
@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of parsers/data the test may edit; the lexicon and phrase rules are rebuilt from it."""
    import shutil

    from parsers import lexicon, phrases

    shutil.copytree(lexicon.DATA, tmp_path / "data")
    monkeypatch.setattr(lexicon, "DATA", tmp_path / "data")
    lexicon.get_lexicon.cache_clear()
    phrases.rules.cache_clear()
    yield tmp_path / "data"
    monkeypatch.undo()
    lexicon.get_lexicon.cache_clear()
    phrases.rules.cache_clear()


def _rows(text: str) -> list[tuple[str, str, str]]:
    from parsers import parse_article
    return [(r["subject"], r["indicator"], r["qualifier"])
            for r in parse_article(text, region="通化市", published="2024-07").indicator_records]


@pytest.mark.parametrize("row, text, before, after", [
    pytest.param("topic_suffix,联盟", "冰雪装备联盟发展迅猛，实现产值12亿元。",
                 ("", "产值", ""), ("冰雪装备联盟", "产值", ""), id="topic-suffix-names-the-subject"),
    pytest.param("noun_stop,投用", "全市8个智能车间投用。",
                 ("", "智能车间投用", ""), ("", "智能车间", ""), id="noun-stop-ends-the-counted-noun"),
    pytest.param("plan,目标", "全市目标地区生产总值300亿元。",
                 ("", "目标地区生产总值", ""), ("", "目标地区生产总值", "目标"), id="plan-word-is-a-qualifier"),
])
def test_a_word_added_to_phrase_words_changes_behaviour(data_copy, row, text, before, after):
    from parsers import phrases
    assert _rows(text) == [before]
    with open(data_copy / "phrase_words.csv", "a", encoding="utf-8") as fh:
        fh.write(row + "\n")
    phrases.rules.cache_clear()
    assert _rows(text) == [after]
