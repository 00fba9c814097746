"""App performance benchmark with real headless chromium (a script that prints figures, not a test).

    python benchmarks/bench_app.py                 # seed store + 100,000-row synthetic store
    python benchmarks/bench_app.py --rows 20000 --sessions 4 --repeat 2
    python benchmarks/bench_app.py --per-page      # plus load time / bytes / memory of every page

Measures, for the dashboard (app.py) and, in the same run, for benchmarks/hello_app.py (one chart):

* health        -- ``streamlit run`` spawned -> /_stcore/health answers ok
* 1st run       -- spawned -> the first script run in the page has finished (script-state notRunning)
* first chart   -- ``streamlit run`` spawned -> first Plotly chart visible in a page opened as soon as
                   /_stcore/health answers ok (the browser is already running; store already built);
                   stamped in the page, whether or not the rest of the run is still arriving
* run+chart     -- the stricter reading: spawned -> the first run has finished AND the chart is visible
                   (what this script measured before; also printed against the target)
* reload        -- a second page load on the warm server -> first chart drawn
* filter change -- district filter changed in the sidebar -> chart redrawn with different data
* memory        -- RSS of the streamlit process with 1 and with N sessions open, on a server of its
                   own after all timing rounds; per extra session = (RSS_N - RSS_1) / (N - 1)

on the seed store (built from seeds/ by the app on first start; that cold build is timed too) and on a
synthetic store of --rows indicator rows written with store.db.Store.  The configurations are
measured round robin (--repeat rounds of hello, seed, synthetic), so load that drifts during the run
affects all of them alike; medians are printed, and every first-chart sample.  Targets are printed
next to the figures; nothing is adjusted to meet them.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "browser"))

from browser_harness import CHART, goto, launch_browser, new_page, start_app, wait_idle  # noqa: E402
import app_actions  # noqa: E402  (page interactions shared with the browser tests)

FIRST_CHART_FACTOR = 1.5
FILTER_TARGET_S = 1.0
SESSION_TARGET_MB = 10.0

DISTRICTS = [
    "双阳区", "绿园区", "二道区", "南关区", "朝阳区", "宽城区", "九台区", "净月区", "汽开区", "长春新区",
    "船营区", "昌邑区", "龙潭区", "丰满区", "铁西区", "铁东区", "龙山区", "西安区", "东昌区", "二道江区",
    "浑江区", "江源区", "宁江区", "洮北区", "龙井区", "延吉区", "珲春区", "敦化区", "梅河口区", "公主岭区",
    "和平区", "沈河区", "大东区", "皇姑区", "浑南区", "于洪区", "道里区", "南岗区", "香坊区", "松北区",
]
INDICATORS = [
    ("规上工业产值", "亿元"), ("社会消费品零售总额", "亿元"), ("固定资产投资", "亿元"), ("地区生产总值", "亿元"),
    ("一般公共预算收入", "亿元"), ("外贸进出口总额", "亿元"), ("实际利用外资", "万美元"), ("税收收入", "亿元"),
    ("规上服务业营业收入", "亿元"), ("限上批零业销售额", "亿元"), ("住宿餐饮业营业额", "亿元"), ("商品房销售面积", "万平方米"),
    ("新登记市场主体", "户"), ("接待游客", "万人次"), ("旅游收入", "亿元"), ("汽车产量", "万辆"),
    ("农业总产值", "亿元"), ("粮食产量", "万吨"), ("用电量", "亿千瓦时"), ("居民人均可支配收入", "元"),
    ("城镇新增就业", "人"), ("招商引资到位资金", "亿元"), ("高新技术企业数", "户"), ("专利授权量", "件"),
    ("网络零售额", "亿元"),
]
_SCALE = {"亿元": 1e8, "万美元": 1e4, "万平方米": 1e4, "万人次": 1e4, "万辆": 1e4, "万吨": 1e4, "亿千瓦时": 1e8}
_BASE = {"亿元": "元", "万美元": "美元", "万平方米": "平方米", "万人次": "人次", "万辆": "辆", "万吨": "吨",
         "亿千瓦时": "千瓦时"}


# ------------------------------------------------------------------------------- synthetic store
def synthetic_parsed(rows: int, seed: int = 7):
    """Parsed articles (one per district) holding ``rows`` indicator rows in total, with valid spans."""
    import random

    import pandas as pd

    from parsers import Parsed
    from parsers.schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, coerce

    rnd = random.Random(seed)
    combos = [(y, m) for y in range(2025, 1990, -1) for m in range(12, 1, -1)]  # newest first
    per_region = -(-rows // len(DISTRICTS))
    out, made = [], 0
    for r_i, region in enumerate(DISTRICTS):
        n = min(per_region, rows - made)
        if n <= 0:
            break
        recs, prjs, parts, pos = [], [], [], 0
        title = f"{region}经济运行情况（合成数据）"
        parts.append(title)
        pos = len(title) + 1
        k = 0
        for (year, mt) in combos:
            for ind, unit in INDICATORS:
                if k >= n:
                    break
                value = round(rnd.uniform(1, 500), 2)
                yoy = round(rnd.uniform(-15, 30), 1)
                value_text = f"{value:g}{unit}"
                yoy_text = f"{'增长' if yoy >= 0 else '下降'}{abs(yoy):g}%"
                sentence = f"{year}年1-{mt}月，{region}{ind}完成{value_text}，同比{yoy_text}。"
                v0 = pos + sentence.index(value_text)
                recs.append((region, ind, f"{year}年1-{mt}月", year, 1, mt, value, unit, yoy,
                             value * _SCALE.get(unit, 1), _BASE.get(unit, unit), value_text, yoy_text, sentence,
                             v0, v0 + len(value_text), pos, pos + len(sentence)))
                parts.append(sentence)
                pos += len(sentence) + 1
                k += 1
            if k >= n:
                break
        for j in range(5):
            name = f"{region}合成项目{j + 1}"
            sentence = f"总投资{10 + j}亿元的{name}开工。"
            s0 = pos
            prjs.append(dict(region=region, name=name, investment=10.0 + j, qualifier="", status="开工",
                             sentence=sentence, start=s0 + sentence.index(name),
                             end=s0 + sentence.index(name) + len(name), sent_start=s0, sent_end=s0 + len(sentence)))
            parts.append(sentence)
            pos += len(sentence) + 1
        article = f"synthetic_{r_i:02d}.txt"
        cols = ["region", "indicator", "period", "year", "month_from", "month_to", "value", "unit", "yoy_pct",
                "value_base", "unit_base", "value_text", "yoy_text", "sentence", "start", "end",
                "sent_start", "sent_end"]
        ind_df = pd.DataFrame.from_records(recs, columns=cols)
        ind_df["article"], ind_df["subject"], ind_df["qualifier"] = article, "", ""
        prj_df = pd.DataFrame(prjs)
        prj_df["article"] = article
        out.append(Parsed(article=article, text="\n".join(parts), title=title, region=region,
                          published="2025-12", year=2025,
                          indicators=coerce(ind_df, INDICATOR_COLUMNS), projects=coerce(prj_df, PROJECT_COLUMNS)))
        made += n
    return out


def build_synthetic_store(path: Path, rows: int) -> dict:
    from store.db import Store
    t0 = time.perf_counter()
    parsed = synthetic_parsed(rows)
    t1 = time.perf_counter()
    store = Store(path)
    store.rebuild(parsed, source="cli")
    t2 = time.perf_counter()
    return {"counts": store.counts(), "generate_s": t1 - t0, "write_s": t2 - t1}


# --------------------------------------------------------------------- large stores, built in SQL
BIG_YEARS = (2016, 2025)         # 10 years of monthly cumulative periods (1月, 1-2月 … 1-12月)
BIG_REGIONS = 3_000
BIG_INDICATORS = 60
CONFLICT_EVERY = 100             # 1 row in 100 is stated again, with another value, by a second article
_UNIT_RULES = [("用电量", "亿千瓦时", 1e8, "千瓦时"), ("面积", "万平方米", 1e4, "平方米"), ("产量", "万吨", 1e4, "吨"),
               ("人数", "万人", 1e4, "人"), ("就业", "万人", 1e4, "人"), ("人口", "万人", 1e4, "人"),
               ("游客", "万人次", 1e4, "人次"), ("外资", "万美元", 1e4, "美元")]


def big_regions(n: int = BIG_REGIONS):
    """~``n`` real units from the gazetteer: every district and county (a name several units share is
    written with its city, as the parser writes it: 长春市朝阳区), then cities, with province and city."""
    import csv
    from collections import Counter

    from components.places import GAZETTEER

    with open(GAZETTEER, encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    shared = Counter(r["name"] for r in rows)
    units = [r for r in rows if r["level"] in ("district", "county")] + [r for r in rows if r["level"] == "city"]
    out = []
    for r in units[:n]:
        name = r["name"] if shared[r["name"]] == 1 or r["level"] == "city" else r["parent"] + r["name"]
        out.append((len(out), name, r["province"], r["parent"] if r["level"] != "city" else r["name"]))
    return out


def big_indicators(n: int = BIG_INDICATORS):
    """``n`` canonical indicators of the lexicon (no shares or enterprise figures) with a plausible unit."""
    import csv

    with open(REPO / "parsers" / "data" / "indicators.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    names = [r["canonical"] for r in rows if r.get("category") != "企业" and not any(w in r["canonical"] for w in "比率占")]
    names += [name for name, _ in INDICATORS if name not in names]
    out = []
    for i, name in enumerate(names[:n]):
        unit, scale, base = next(((u, s, b) for w, u, s, b in _UNIT_RULES if w in name), ("亿元", 1e8, "元"))
        out.append((i, name, unit, scale, base, round(5 + (i * 37) % 400, 1)))
    return out


BIG_SQL = """
CREATE TEMP TABLE placed AS
WITH g AS (SELECT n, n // ($periods * $k) AS ri, (n % ($periods * $k)) // $k AS pi, n % $k AS j FROM range($base) t(n)),
rows AS (
SELECT g.n, g.ri, g.pi, g.j, reg.region, ind.indicator, ind.unit, ind.scale, ind.ubase,
       $y0 + g.pi // 12 AS year, g.pi % 12 + 1 AS mt,
       round(ind.basev * (1 + (g.ri % 97) / 50.0) * (g.pi % 12 + 1) / 12 * (1 + (g.pi // 12) * 0.06), 2) AS value,
       round(((hash(g.n) % 400)::INT - 100) / 10.0, 1) AS yoy
FROM g JOIN reg ON reg.ri = g.ri JOIN ind ON ind.ii = (g.ri * 7 + g.j * 11) % $n_ind),
sent AS (
SELECT *, CASE WHEN mt = 1 THEN year || '年1月' ELSE year || '年1-' || mt || '月' END AS period,
       region || '统计局发布' || CASE WHEN mt = 1 THEN year || '年1月' ELSE year || '年1-' || mt || '月' END
         || '数据：' AS title,
       indicator || '完成' AS pre, value::VARCHAR || unit AS value_text,
       '，同比' || CASE WHEN yoy >= 0 THEN '增长' ELSE '下降' END AS mid,
       abs(yoy)::VARCHAR || '%' AS yoy_num
FROM rows),
sized AS (SELECT *, pre || value_text || mid || yoy_num || '。' AS sentence FROM sent)
SELECT *, 'big/' || ri || '/' || pi || '.txt' AS article,
       length(title) + 1 + sum(length(sentence) + 1) OVER (PARTITION BY ri, pi ORDER BY j ROWS UNBOUNDED PRECEDING)
         - length(sentence) - 1 AS s0
FROM sized;
INSERT INTO articles (article, title, region, published, year, text, sha256, source, n_chars, added_at)
SELECT article, any_value(title), any_value(region), any_value(year) || '-' || lpad((any_value(mt) % 12 + 1)::VARCHAR, 2, '0'),
       any_value(year), any_value(title) || chr(10) || string_agg(sentence, chr(10) ORDER BY j),
       md5(article), 'cli', 0, '2026-01-01T00:00:00+00:00'
FROM placed GROUP BY article;
INSERT INTO indicators (article, region, subject, indicator, period, year, month_from, month_to, value, unit, yoy_pct,
                        qualifier, value_base, unit_base, value_text, yoy_text, sentence, "start", "end", sent_start,
                        sent_end, yoy_start, yoy_end)
SELECT article, region, '', indicator, period, year, 1, mt, value, unit, yoy, '', value * scale, ubase, value_text,
       substr(mid, 4) || yoy_num, sentence, s0 + length(pre), s0 + length(pre || value_text), s0,
       s0 + length(sentence), s0 + length(pre || value_text || mid) - 2, s0 + length(pre || value_text || mid || yoy_num)
FROM placed ORDER BY article, j;
-- 1 % conflicting rows: the same district, indicator and period stated by a second article with another value
CREATE TEMP TABLE conflict AS
SELECT *, 'big/' || ri || '/' || pi || '_复核.txt' AS article2, round(value * 1.03, 2) AS value2
FROM placed WHERE hash(n * 31 + 7) % ($every // 2) = 0 ORDER BY hash(n) LIMIT $n_conflicts;
CREATE TEMP TABLE conflict_placed AS
SELECT *, pre || value2::VARCHAR || unit || mid || yoy_num || '。' AS sentence2,
       length(title || '（复核）') + 1 + sum(length(pre || value2::VARCHAR || unit || mid || yoy_num || '。') + 1)
           OVER (PARTITION BY article2 ORDER BY j ROWS UNBOUNDED PRECEDING)
         - length(pre || value2::VARCHAR || unit || mid || yoy_num || '。') - 1 AS c0
FROM conflict;
INSERT INTO articles (article, title, region, published, year, text, sha256, source, n_chars, added_at)
SELECT article2, any_value(title) || '（复核）', any_value(region), any_value(year) || '-12', any_value(year),
       any_value(title) || '（复核）' || chr(10) || string_agg(sentence2, chr(10) ORDER BY j), md5(article2), 'cli', 0,
       '2026-01-02T00:00:00+00:00'
FROM (SELECT * REPLACE (title || '' AS title) FROM conflict_placed) GROUP BY article2;
INSERT INTO indicators (article, region, subject, indicator, period, year, month_from, month_to, value, unit, yoy_pct,
                        qualifier, value_base, unit_base, value_text, yoy_text, sentence, "start", "end", sent_start,
                        sent_end, yoy_start, yoy_end)
SELECT article2, region, '', indicator, period, year, 1, mt, value2, unit, yoy, '', value2 * scale, ubase,
       value2::VARCHAR || unit, substr(mid, 4) || yoy_num, sentence2, c0 + length(pre),
       c0 + length(pre || value2::VARCHAR || unit), c0, c0 + length(sentence2),
       c0 + length(pre || value2::VARCHAR || unit || mid) - 2, c0 + length(pre || value2::VARCHAR || unit || mid || yoy_num)
FROM conflict_placed;
UPDATE articles SET n_chars = length(text);
-- five projects per district, in an article of their own
INSERT INTO articles (article, title, region, published, year, text, sha256, source, n_chars, added_at)
SELECT 'big/' || ri || '/projects.txt', region || '重点项目', region, '2025-12', 2025,
       region || '重点项目' || chr(10) || string_agg('总投资' || (10 + p) || '亿元的' || region || '产业项目' || (p + 1) || '开工。',
                                                  chr(10) ORDER BY p), md5(region || 'projects'), 'cli', 0,
       '2026-01-03T00:00:00+00:00'
FROM reg, range(5) t(p) GROUP BY ri, region;
INSERT INTO projects (article, region, name, investment, qualifier, status, sentence, "start", "end", sent_start, sent_end)
SELECT article, region, name, investment, '', '开工', sentence, s0 + 8, s0 + 8 + length(name), s0, s0 + length(sentence)
FROM (SELECT 'big/' || ri || '/projects.txt' AS article, region, region || '产业项目' || (p + 1) AS name,
             10.0 + p AS investment, '总投资' || (10 + p) || '亿元的' || region || '产业项目' || (p + 1) || '开工。' AS sentence,
             length(region || '重点项目') + 1 + p * (length(region) + 17) AS s0
      FROM reg, range(5) t(p));
"""


def build_sql_store(path: Path, rows: int) -> dict:
    """A store of ``rows`` indicator rows written by DuckDB itself (seconds, not minutes): ~3,000 real
    districts and counties (province and city from the gazetteer), 60 indicators, 10 years of monthly
    cumulative periods, one article per district and month, 1 % of the rows stated again with another
    value by a second article, five projects per district; then the overview's summary tables."""
    import duckdb
    import pandas as pd

    from store import summaries
    from store.db import Store

    t0 = time.perf_counter()
    regs, inds = big_regions(), big_indicators()
    periods = 12 * (BIG_YEARS[1] - BIG_YEARS[0] + 1)
    n_conflicts = rows // CONFLICT_EVERY
    base = rows - n_conflicts
    k = -(-base // (len(regs) * periods))           # indicators per article
    path.parent.mkdir(parents=True, exist_ok=True)
    for f in (path, path.with_name(path.name + ".wal")):
        f.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    try:
        Store._ensure_schema(con)
        con.register("reg_df", pd.DataFrame(regs, columns=["ri", "region", "province", "city"]))
        con.register("ind_df", pd.DataFrame(inds, columns=["ii", "indicator", "unit", "scale", "ubase", "basev"]))
        con.execute("CREATE TEMP TABLE reg AS SELECT * FROM reg_df")
        con.execute("CREATE TEMP TABLE ind AS SELECT * FROM ind_df")
        params = {"periods": periods, "k": k, "base": base, "y0": BIG_YEARS[0], "n_ind": len(inds),
                  "every": CONFLICT_EVERY, "n_conflicts": n_conflicts}
        con.execute("SET enable_progress_bar = false")
        sql = "\n".join(line for line in BIG_SQL.splitlines() if not line.strip().startswith("--"))
        for stmt in [x.strip() for x in sql.split(";") if x.strip()]:
            used = {name: v for name, v in params.items() if f"${name}" in stmt}
            con.execute(stmt, used or None)
        t1 = time.perf_counter()
        summaries.materialize(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    Store(path)._bump_version()
    t2 = time.perf_counter()
    return {"counts": Store(path).counts(), "write_s": t1 - t0, "summaries_s": t2 - t1,
            "mb": path.stat().st_size / 1e6, "regions": len(regs), "indicators": len(inds), "per_article": k}


# ------------------------------------------------------------------------------------ measuring
T_MS = 300_000  # generous: a slow configuration should be measured, not time out


# Timestamps taken in the page itself, polled every 10 ms from the first script on: when the first
# chart became visible (Playwright's rule: a non-empty box, not visibility:hidden) and when the first
# script run had finished. The two are independent: a page that sends its chart early shows it while
# the rest of the run is still streaming in.
_STAMPS = """
window.__bench = {chart: null, runDone: null};
(() => {
  const timer = setInterval(() => {
    const b = window.__bench;
    if (b.chart === null) {
      const el = document.querySelector(%r);
      if (el) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden') b.chart = Date.now();
      }
    }
    if (b.runDone === null) {
      const app = document.querySelector('[data-testid="stApp"]');
      if (app && app.getAttribute('data-test-script-state') === 'notRunning'
          && app.getAttribute('data-test-connection-state') === 'CONNECTED') b.runDone = Date.now();
    }
    if (b.chart !== null && b.runDone !== null) clearInterval(timer);
  }, 10);
})();
""" % CHART


def _page(browser):
    page = new_page(browser)
    page.set_default_timeout(T_MS)
    page.add_init_script(_STAMPS)
    return page


def _median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def new_result(label: str) -> dict:
    return {"label": label, "first_chart": [], "chart_after_run": [], "reload": [], "filter": [], "health": [],
            "run_done": [], "download": [], "download_rows": None, "rss_used": []}


DOWNLOAD_TARGET_S = 3.0
RSS_TARGET_MB = 1500.0


def time_csv_download(page, url: str, indicator: str) -> tuple[float, int]:
    """数据明细 filtered to one indicator (``?ind=``): seconds from the click on the CSV button to the whole
    file received, and its data rows (the download holds the filtered view, capped at 100,000 rows)."""
    from urllib.parse import quote

    goto(page, f"{url}/details?ind={quote(indicator)}", chart=False, timeout=T_MS)
    button = page.locator(".st-key-details_export__csv button").first
    button.wait_for(state="visible")
    t0 = time.perf_counter()
    with page.expect_download(timeout=T_MS) as info:
        button.click()
    path = info.value.path()   # waits until the file is complete
    dt = time.perf_counter() - t0
    with open(path, encoding="utf-8-sig") as fh:
        rows = sum(1 for _ in fh) - 1
    return dt, rows


def measure_start(browser, script: str, env: dict, log_path: Path, res: dict, *, interact: bool,
                  download: str | None = None) -> None:
    """One server start of ``script``: its timings are appended to ``res``."""
    page = _page(browser)  # page (and browser) exist before the server is spawned
    server = start_app(script, env=env, log_path=log_path)
    try:
        # wall clock at the spawn (browser timestamps are Date.now(), same system clock)
        spawned = time.time() - (time.perf_counter() - server.started_at)
        res["health"].append(server.healthy_at - server.started_at)
        page.goto(server.url, wait_until="domcontentloaded")
        wait_idle(page, T_MS)  # first script run finished (all elements sent)
        page.wait_for_selector(CHART, state="visible")
        seen = page.evaluate("() => window.__bench")
        res["run_done"].append(seen["runDone"] / 1000 - spawned)
        res["first_chart"].append(seen["chart"] / 1000 - spawned)
        res["chart_after_run"].append(time.perf_counter() - server.started_at)
        t0 = time.perf_counter()
        goto(page, server.url, timeout=T_MS)
        res["reload"].append(time.perf_counter() - t0)
        if interact:
            goto(page, f"{server.url}/compare", timeout=T_MS)
            res["compare_regions"] = len(app_actions.pick_comparable_indicator(page))
            for _ in range(4):
                res["filter"].append(app_actions.time_filter_change(page))
        if download:
            dt, rows = time_csv_download(page, server.url, download)
            res["download"].append(dt)
            res["download_rows"] = rows
        res["rss_used"].append(server.rss_kb() / 1024)   # after first chart, reload, filters, download
    finally:
        page.context.close()
        server.stop()


def measure_memory(browser, script: str, env: dict, log_path: Path, sessions: int) -> dict:
    """RSS with 1 and with ``sessions`` sessions on a fresh server of ``script`` (first page loaded)."""
    page = _page(browser)
    server = start_app(script, env=env, log_path=log_path)
    try:
        goto(page, server.url, timeout=T_MS)
        return measure_sessions(browser, server, page, sessions)
    finally:
        page.context.close()
        server.stop()


def measure_sessions(browser, server, first_page, n: int) -> dict:
    """RSS with 1 session (first_page, already open) and with n sessions."""
    time.sleep(1.5)
    rss1 = server.rss_kb()
    rssn = rss_with_more_sessions(browser, server, server.url, n - 1)
    return {"rss1_mb": rss1 / 1024, "rssn_mb": rssn / 1024, "sessions": n,
            "per_session_mb": per_session_mb(rss1, rssn, n)}


def rss_with_more_sessions(browser, server, url: str, extra: int, *, chart: bool = True) -> int:
    """Open ``extra`` more sessions on ``url``, settle, and return the server's RSS (kB); closes them again."""
    pages = []
    try:
        for _ in range(extra):
            p = _page(browser)
            goto(p, url, chart=chart, timeout=T_MS)
            pages.append(p)
        time.sleep(2.0)
        return server.rss_kb()
    finally:
        for p in pages:
            p.context.close()


def per_session_mb(rss1_kb: float, rssn_kb: float, n: int) -> float | None:
    """Memory per extra session: (RSS with n sessions - RSS with 1) / (n - 1), in MB."""
    return (rssn_kb - rss1_kb) / 1024 / (n - 1) if n > 1 else None


PAGES = ["", "compare", "ranking", "projects", "details"]


def measure_pages(browser, env: dict, logdir: Path, sessions: int) -> list[dict]:
    """Per page of the dashboard: load time, websocket bytes received, RSS per extra session."""
    rows = []
    for path in PAGES:
        server = start_app("app.py", env=env, log_path=logdir / f"page-{path or 'overview'}.log")
        url, chart = f"{server.url}/{path}", path != "details"
        first = None
        try:
            warm = _page(browser)  # first visit warms the caches; not measured
            goto(warm, url, chart=False, timeout=T_MS)
            warm.context.close()
            received = []
            first = _page(browser)
            first.on("websocket", lambda ws: ws.on("framereceived", lambda m: received.append(len(m))))
            t0 = time.perf_counter()
            goto(first, url, chart=chart, timeout=T_MS)
            load_s = time.perf_counter() - t0
            time.sleep(1.5)
            rss1 = server.rss_kb()
            rssn = rss_with_more_sessions(browser, server, url, sessions - 1, chart=chart)
        finally:
            if first is not None:
                first.context.close()
            server.stop()
        rows.append({"page": path or "overview", "load_s": load_s, "ws_mb": sum(received) / 1e6,
                     "per_session_mb": per_session_mb(rss1, rssn, sessions)})
    return rows


def fmt(x, unit="s", digits=2):
    return "-" if x is None else f"{x:.{digits}f} {unit}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000, help="indicator rows of the synthetic store")
    ap.add_argument("--sessions", type=int, default=5, help="sessions open for the memory figure")
    ap.add_argument("--repeat", type=int, default=3, help="server starts per configuration (median)")
    ap.add_argument("--keep", action="store_true", help="keep the temp folder (stores, server logs)")
    ap.add_argument("--big", default="1000000,10000000",
                    help="comma-separated row counts of stores built in SQL (~3,000 districts, 60 indicators, "
                         "10 years of months, 1%% conflicting rows); '' for none")
    ap.add_argument("--per-page", action="store_true",
                    help="also measure every page on the synthetic store (load time, bytes sent, memory)")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench_app_"))
    load0 = os.getloadavg()
    print(f"temp folder: {tmp}; {os.cpu_count()} CPUs; load average at start {load0[0]:.1f}")
    seed_db, synth_db = tmp / "seed.duckdb", tmp / f"synthetic_{args.rows}.duckdb"
    results = []
    with sync_playwright() as pw:
        browser = launch_browser(pw)
        try:
            # cold start: the app builds the seed store itself (parsing seeds/)
            page = _page(browser)
            server = start_app("app.py", env={"DASHBOARD_DB": str(seed_db)}, log_path=tmp / "cold.log")
            try:
                goto(page, server.url, timeout=T_MS)
                cold = time.perf_counter() - server.started_at
            finally:
                page.context.close()
                server.stop()
            print(f"cold start incl. building the seed store: {cold:.2f} s")

            info = build_synthetic_store(synth_db, args.rows)
            print(f"synthetic store: {info['counts']} (generate {info['generate_s']:.1f} s, "
                  f"write {info['write_s']:.1f} s)")

            configs = [
                ("hello app (1 chart)", "benchmarks/hello_app.py", {}, False, None),
                ("dashboard, seed store", "app.py", {"DASHBOARD_DB": str(seed_db)}, True, None),
                (f"dashboard, {args.rows:,} rows", "app.py", {"DASHBOARD_DB": str(synth_db)}, True, None),
            ]
            from store import queries
            from store.db import Store
            for n in [int(x) for x in args.big.split(",") if x.strip()]:
                big_db = tmp / f"big_{n}.duckdb"
                info = build_sql_store(big_db, n)
                print(f"store of {n:,} rows built in SQL: {info['counts']}, {info['regions']} districts, "
                      f"{info['indicators']} indicators, {info['per_article']} per article; "
                      f"{info['write_s']:.1f} s + summaries {info['summaries_s']:.1f} s, {info['mb']:.0f} MB",
                      flush=True)
                indicator = queries.indicator_options(Store(big_db))[0]
                configs.append((f"dashboard, {n / 1e6:g}M rows (SQL)", "app.py", {"DASHBOARD_DB": str(big_db)},
                                True, indicator))
            # round robin (hello, seed, 100k, hello, ...): load drifting during the run affects every
            # configuration alike instead of penalising the ones measured last
            results = [new_result(label) for label, *_ in configs]
            for i in range(args.repeat):
                print(f"round {i + 1}/{args.repeat} ...", flush=True)
                for res, (label, script, env, interact, download) in zip(results, configs):
                    measure_start(browser, script, env, tmp / f"{label}-{i}.log", res, interact=interact,
                                  download=download)
            # memory on a server of its own, after all timing rounds: opening and closing N sessions
            # loads the machine for a while and must not precede the next configuration's timed start
            print("memory per session ...", flush=True)
            for res, (label, script, env, _, _) in zip(results, configs):
                res.update(measure_memory(browser, script, env, tmp / f"{label}-memory.log", args.sessions))
            per_page = []
            if args.per_page:
                print("measuring every page on the synthetic store ...", flush=True)
                per_page = measure_pages(browser, {"DASHBOARD_DB": str(synth_db)}, tmp, args.sessions)
        finally:
            browser.close()

    load1 = os.getloadavg()
    if per_page:
        print(f"\nPer page, {args.rows:,}-row store (warm caches; {args.sessions} sessions)")
        print(f"{'page':<10} {'load':>8} {'websocket in':>13} {'per extra session':>18}")
        for r in per_page:
            print(f"{r['page']:<10} {fmt(r['load_s']):>8} {fmt(r['ws_mb'], 'MB', 2):>13} "
                  f"{fmt(r['per_session_mb'], 'MB', 1):>18}")
    hello = results[0]
    hello_first = _median(hello["first_chart"])
    print()
    print(f"App benchmark ({args.repeat} server starts per row, interleaved, medians; headless chromium; "
          f"{args.sessions} sessions for memory)")
    head = (f"{'configuration':<30} {'health':>8} {'1st run':>8} {'first chart':>12} {'run+chart':>10} "
            f"{'reload':>8} {'filter':>8} {'CSV':>8} "
            f"{'RSS 1':>9} {f'RSS {args.sessions}':>9} {'RSS used':>9} {'per sess.':>10}")
    print(head)
    print("-" * len(head))
    for r in results:
        print(f"{r['label']:<30} {fmt(_median(r['health'])):>8} {fmt(_median(r['run_done'])):>8} "
              f"{fmt(_median(r['first_chart'])):>12} {fmt(_median(r['chart_after_run'])):>10} "
              f"{fmt(_median(r['reload'])):>8} {fmt(_median(r['filter'])):>8} {fmt(_median(r['download'])):>8} "
              f"{fmt(r['rss1_mb'], 'MB', 0):>9} {fmt(r['rssn_mb'], 'MB', 0):>9} "
              f"{fmt(max(r['rss_used']) if r['rss_used'] else None, 'MB', 0):>9} "
              f"{fmt(r['per_session_mb'], 'MB', 1):>10}")
    for r in results:
        if r["download_rows"] is not None:
            print(f"CSV download, {r['label']}: {r['download_rows']:,} rows (数据明细 filtered to one indicator)")
    print()
    print("Targets")
    ok_all = True
    for r in results[1:]:
        fc = _median(r["first_chart"])
        ratio = fc / hello_first if fc and hello_first else None
        checks = [
            (f"first chart <= {FIRST_CHART_FACTOR}x hello ({hello_first:.2f} s)",
             f"{fc:.2f} s = {ratio:.2f}x", ratio is not None and ratio <= FIRST_CHART_FACTOR),
            (f"filter change < {FILTER_TARGET_S:.0f} s", fmt(_median(r["filter"])),
             _median(r["filter"]) is not None and _median(r["filter"]) < FILTER_TARGET_S),
            (f"< {SESSION_TARGET_MB:.0f} MB per extra session", fmt(r["per_session_mb"], "MB", 1),
             r["per_session_mb"] is not None and r["per_session_mb"] < SESSION_TARGET_MB),
        ]
        if r["download"]:
            rss = max([r["rssn_mb"], *r["rss_used"]])
            checks += [
                (f"server RSS < {RSS_TARGET_MB:.0f} MB (max seen)", fmt(rss, "MB", 0), rss < RSS_TARGET_MB),
                (f"CSV download < {DOWNLOAD_TARGET_S:.0f} s ({r['download_rows']:,} rows)",
                 fmt(_median(r["download"])), _median(r["download"]) < DOWNLOAD_TARGET_S),
            ]
        for name, got, ok in checks:
            ok_all &= ok
            print(f"  {r['label']:<30} {name:<38} {got:>16}  {'OK' if ok else 'MISSED'}")
        strict, strict_hello = _median(r["chart_after_run"]), _median(hello["chart_after_run"])
        if strict and strict_hello:  # informative: the whole first run, not only the first chart
            print(f"  {r['label']:<30} {'(run+chart, stricter reading)':<38} "
                  f"{f'{strict:.2f} s = {strict / strict_hello:.2f}x':>16}  "
                  f"{'within' if strict / strict_hello <= FIRST_CHART_FACTOR else 'over'} {FIRST_CHART_FACTOR}x")
    print(f"\nload average (1 min) at start {load0[0]:.1f}, at end {load1[0]:.1f} on {os.cpu_count()} CPUs"
          + ("  -- WARNING: machine busy, timings are inflated" if max(load0[0], load1[0]) > (os.cpu_count() or 1)
             else ""))
    print("first chart samples (s): " + "; ".join(
        f"{r['label']}: {', '.join(f'{x:.2f}' for x in r['first_chart'])}" for r in results))
    print("filter change samples (s): " + "; ".join(
        f"{r['label']}: {', '.join(f'{x:.2f}' for x in r['filter'])}" for r in results[1:]))
    if not args.keep:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
