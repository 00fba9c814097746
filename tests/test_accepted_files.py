"""One list of accepted article files (parsers.textio.TEXT_SUFFIXES): the CLI's folder walk, the
uploader and the README accept the same suffixes, and `python -m parsers build` parses a .markdown file."""
from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from parsers.api import iter_article_files
from parsers.textio import TEXT_SUFFIXES, is_article_file, suffix_list

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "今年上半年，榆树市地区生产总值完成86.4亿元，同比增长6.3%。\n"
NOT_ARTICLES = [".csv", ".docx", ".pdf", ".json", ".mdx", ".txt~", ".html.bak", ""]


def _upload_accepts(name: str) -> bool:
    upload = pytest.importorskip("components.upload")
    text, err = upload.decode_upload(name, ARTICLE.encode("utf-8"))
    return err is None and text is not None


def _cli_accepts(folder: Path, name: str) -> bool:
    (folder / name).write_text(ARTICLE, encoding="utf-8")
    return any(f.name == name for f in iter_article_files([folder]))


CANDIDATES = [f"a{s}" for s in TEXT_SUFFIXES] + [f"B{s.upper()}" for s in TEXT_SUFFIXES] + \
             [f"c{s}" for s in NOT_ARTICLES]


@pytest.mark.parametrize("name", CANDIDATES)
def test_cli_folder_walk_and_uploader_accept_the_same_files(name, tmp_path):
    expected = name.lower().endswith(TEXT_SUFFIXES)
    assert is_article_file(name) is expected
    assert _cli_accepts(tmp_path, name) is expected
    assert _upload_accepts(name) is expected


def test_the_list_holds_the_usual_article_formats():
    assert {".txt", ".md", ".markdown", ".html", ".htm"} <= set(TEXT_SUFFIXES)
    assert all(s.startswith(".") and s == s.lower() for s in TEXT_SUFFIXES)


def test_refusal_message_names_every_suffix():
    upload = pytest.importorskip("components.upload")
    _text, err = upload.decode_upload("sheet.xlsx", b"x")
    assert err and all(s in err for s in TEXT_SUFFIXES)


def test_readme_lists_the_same_suffixes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [ln for ln in readme.splitlines() if "TEXT_SUFFIXES" in ln]
    assert lines, "README names the list"
    para = readme[readme.index(lines[0]):].split("\n\n")[0]
    assert set(re.findall(r"`(\.[a-z]+)`", para)) == set(TEXT_SUFFIXES)
    upload_row = next(ln for ln in readme.splitlines() if ln.startswith("| 导入文章"))
    assert set(re.findall(r"`(\.[a-z]+)`", upload_row)) == set(TEXT_SUFFIXES)


def test_suffix_list_for_people():
    assert suffix_list() == " / ".join(TEXT_SUFFIXES)
    zh = suffix_list("、", " 或 ")
    assert zh.endswith(" 或 " + TEXT_SUFFIXES[-1]) and zh.count("、") == len(TEXT_SUFFIXES) - 2


def test_build_parses_markdown_files_in_a_folder(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "yushu.markdown").write_text("# 榆树市经济运行\n\n" + ARTICLE, encoding="utf-8")
    (src / "nongan.MD").write_text("农安县社会消费品零售总额增长4.1%。\n", encoding="utf-8")
    (src / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (src / "articles.csv").write_text("file,published,region\nyushu.markdown,2024-07,\n", encoding="utf-8")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "parsers", "build", str(src), "--out", str(out)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("2 articles")
    with open(out / "indicators.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["article"] for r in rows} == {"yushu.markdown", "nongan.MD"}
    gdp = [r for r in rows if r["article"] == "yushu.markdown" and r["yoy_pct"] == "6.3"]
    assert gdp and gdp[0]["year"] == "2024"            # the .markdown file's metadata row applied
