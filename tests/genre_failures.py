"""The genre test set (tests/data/genre): parse it, check every tier-1/2 gold fact and project, list failures.

Run ``python tests/genre_failures.py`` to print the facts and projects the parser gets wrong today, as a
``KNOWN_FAILURES`` dict for tests/test_genre.py (``--write`` puts it there) (grouped by failure class: places, periods,
values, tables, projects, subjects).  A key is the test id when the fact fails both with and without the
article's region; ``region:<id>`` / ``noregion:<id>`` when it fails in one of the two runs only.

The checks are the eval kit's matching rules (tests/accuracy.py), one gold record at a time.
"""
from __future__ import annotations

import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _p in (str(ROOT), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from parsers import parse_article  # noqa: E402
from parsers.api import read_metadata  # noqa: E402

from accuracy import (gold_atoms, indicator_ok, investment_ok, load_jsonl, period_ok,  # noqa: E402
                      project_name_ok, region_ok, row_has_atom, row_matches_atom, squash)

GENRE = HERE / "data" / "genre"
MODES = ("region", "noregion")      # with the region of articles.csv, and without it (as an upload)
CLASSES = ("places", "periods", "values", "tables", "projects", "subjects")


def gold() -> list[dict]:
    return load_jsonl(GENRE / "gold.jsonl")


def gold_projects() -> list[dict]:
    return load_jsonl(GENRE / "gold_projects.jsonl")


def metadata():
    return read_metadata(GENRE / "articles.csv")


def _slug(article: str) -> str:
    return Path(article).stem


def _number(x: float) -> str:
    return f"{x:g}"


def fact_id(g: dict) -> str:
    """"<slug>/<indicator>[/<subject>]/<value-or-yoy>": the value with its unit, else the growth with its sign."""
    parts = [_slug(g["article"]), g["indicator"]] + ([g["subject"]] if g.get("subject") else [])
    what = (_number(g["value"]) + (g.get("unit") or "")) if g.get("value") is not None else f"{g['yoy_pct']:+g}%"
    return "/".join(parts + [what])


def project_id(g: dict) -> str:
    inv = f"/{_number(g['investment_yi'])}亿元" if g.get("investment_yi") is not None else ""
    return f"{_slug(g['article'])}/project/{g['name']}{inv}"


def required(records: list[dict], id_of) -> list[tuple[str, dict]]:
    """Tier-1/2 records with unique ids (a repeated id gets "#2", "#3")."""
    seen: Counter = Counter()
    out = []
    for g in records:
        if g["tier"] > 2:
            continue
        i = id_of(g)
        seen[i] += 1
        out.append((i if seen[i] == 1 else f"{i}#{seen[i]}", g))
    return out


def required_facts() -> list[tuple[str, dict]]:
    return required(gold(), fact_id)


def required_projects() -> list[tuple[str, dict]]:
    return required(gold_projects(), project_id)


@lru_cache(maxsize=None)
def parsed(mode: str) -> dict[str, tuple[list[dict], list[dict]]]:
    """article -> (indicator records, project records), parsed with or without the article's region."""
    out = {}
    for name, meta in metadata().items():
        text = (GENRE / name).read_text(encoding="utf-8")
        p = parse_article(text, article=name, published=meta.published,
                          region=meta.region if mode == "region" else None)
        out[name] = (p.indicator_records, p.project_records)
    return out


# --- why a fact or project is not found (None when it is) ---

def _period(r: dict) -> str:
    y, a, b = r.get("year"), r.get("month_from"), r.get("month_to")
    return f"{y} {a}-{b}".replace("None", "?").replace("nan", "?").replace("<NA>", "?")


def subject_ok(r: dict, g: dict) -> bool:
    """The scorer's subject rule (equal, or one inside the other), also accepting a subject the row's
    indicator name carries ("住宿餐饮业营业额" without a subject); a region-wide fact wants no subject."""
    ps, gs = squash(r.get("subject")), squash(g.get("subject"))
    if ps == gs or (ps and gs and (ps in gs or gs in ps)):
        return True
    return bool(gs) and not ps and any(squash(a) in squash(r.get("indicator")) for a in g["aliases"])


def _atom_problem(g: dict, kind: str, n: float, base: str, rows: list[dict]) -> str | None:
    matched = [r for r in rows if row_matches_atom(r, g, kind, n, base)]
    timely = [r for r in matched if period_ok(r, g)]
    if any(subject_ok(r, g) for r in timely):
        return None
    what = "growth" if kind == "yoy" else "value"
    if timely:
        return f"subjects: {what} read with subject {timely[0].get('subject') or '(none)'!r}, expected {g.get('subject') or '(none)'!r}"
    if matched:
        return (f"periods: {what} read as {_period(matched[0])}, "
                f"expected {g.get('year')} {g.get('month_from') or '?'}-{g.get('month_to')}")
    carriers = [r for r in rows if row_has_atom(r, kind, n, base)]
    elsewhere = [r for r in carriers if indicator_ok(r.get("indicator"), r.get("subject"), g["aliases"])]
    if elsewhere:
        return f"places: {what} attributed to {elsewhere[0].get('region') or '(no region)'!r}, expected {g['region']!r}"
    here = [r for r in carriers if region_ok(r.get("region"), g["region"])]
    if here:
        r = here[0]
        cls = "subjects" if g.get("subject") else "values"
        return f"{cls}: {what} read as indicator {r.get('indicator')!r} subject {r.get('subject') or '-'!r}"
    if "\t" in g["quote"]:
        return f"tables: {what} of the row not extracted"
    if kind == "yoy" and n == 0:
        return "values: 持平 not read as a growth of 0"
    return f"values: {what} not extracted"


def fact_problem(g: dict, mode: str) -> str | None:
    rows = parsed(mode)[g["article"]][0]
    problems = [p for kind, n, base in gold_atoms(g) if (p := _atom_problem(g, kind, n, base, rows))]
    return "; ".join(dict.fromkeys(problems)) or None


def status_ok(pred, gold_status) -> bool:
    if not gold_status:
        return True
    p, s = squash(pred), squash(gold_status)
    return bool(p) and (s in p or p in s)


def project_problem(g: dict, mode: str) -> str | None:
    rows = [r for r in parsed(mode)[g["article"]][1] if project_name_ok(r.get("name"), g["keys"])]
    if not rows:
        return "projects: name not found"
    if not any(investment_ok(r, g) for r in rows):
        return f"projects: investment {rows[0].get('investment')} 亿元, expected {g['investment_yi']}"
    if not any(investment_ok(r, g) and status_ok(r.get("status"), g.get("status")) for r in rows):
        return f"projects: status {rows[0].get('status') or '(none)'!r}, expected {g['status']!r}"
    return None


def failures(mode: str) -> dict[str, str]:
    out = {i: p for i, g in required_facts() if (p := fact_problem(g, mode))}
    out.update({i: p for i, g in required_projects() if (p := project_problem(g, mode))})
    return out


def known_failures() -> dict[str, str]:
    """Keys as test_genre.py reads them: the id when it fails in both runs, else "<mode>:<id>"."""
    with_r, without_r = failures("region"), failures("noregion")
    out = {}
    for i in sorted(set(with_r) | set(without_r), key=lambda i: (i not in with_r or i not in without_r, i)):
        if i in with_r and i in without_r:
            out[i] = with_r[i]
        elif i in with_r:
            out[f"region:{i}"] = with_r[i]
        else:
            out[f"noregion:{i}"] = without_r[i]
    return out


def render(kf: dict[str, str]) -> str:
    """The dict as Python source, grouped by the class of each entry's first reason."""
    lines = ["KNOWN_FAILURES = {"]
    for cls in CLASSES:
        items = [(k, v) for k, v in kf.items() if v.split(":", 1)[0] == cls]
        if items:
            lines.append(f"    # {cls}")
        lines += [f"    {k!r}: {v!r}," for k, v in items]
    return "\n".join(lines + ["}"])


def write_into_test(source: str) -> None:
    """Replace the KNOWN_FAILURES block of tests/test_genre.py (from its first line to the closing brace)."""
    path = HERE / "test_genre.py"
    text = path.read_text(encoding="utf-8")
    start = text.index("KNOWN_FAILURES = {")
    end = text.index("\n}\n", start) + 2
    path.write_text(text[:start] + source + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Print the failing ids (``--write``: also put them into tests/test_genre.py)."""
    argv = sys.argv[1:] if argv is None else argv
    kf = known_failures()
    source = render(kf)
    print(source)
    n_f, n_p = len(required_facts()), len(required_projects())
    print(f"# {len(kf)} failing of {2 * (n_f + n_p)} checks ({n_f} facts and {n_p} projects, each with and without region)",
          file=sys.stderr)
    if "--write" in argv:
        write_into_test(source)
        print("# written into tests/test_genre.py", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
