"""What the build scripts of the hand-annotated gold sets share (``tests/data/*/build_gold.py``).

* alias sets: the canonical name of ``parsers/data/indicators.csv`` first, then the names the gold accepts;
  a set may extend or replace one of these for its own texts;
* :class:`Gold`: a set's rows and projects as they are annotated -- ``article(name)`` starts an article,
  ``f(...)`` adds a fact, ``p(...)`` a project; ``check()`` verifies every quote and its numbers against the
  article text; ``write()`` writes gold.jsonl and gold_projects.jsonl.

Format: the eval kit's (/work/shared/eval/README.md): article, region, subject, indicator, aliases, year,
month_from, month_to, value, unit, yoy_pct, tier, quote; projects: article, region, name, keys, tier,
investment_yi, status.  A script imports this module by putting ``tests/data`` on ``sys.path``.
"""
from __future__ import annotations

import json
from pathlib import Path

# alias sets (canonical names of parsers/data/indicators.csv first)
GDP = ["地区生产总值", "生产总值", "GDP", "经济总量"]
P1, P2, P3 = (["第一产业增加值", "第一产业"], ["第二产业增加值", "第二产业"], ["第三产业增加值", "第三产业"])
IVA = ["规上工业增加值", "规模以上工业增加值", "工业增加值"]
IOUT = ["规上工业产值", "规模以上工业产值", "规上工业总产值", "规模以上工业总产值", "工业产值", "工业总产值"]
FAI = ["固定资产投资", "全社会固定资产投资", "固投"]
IND_INV = ["工业固定资产投资", "工业投资"]
RETAIL = ["社零总额", "社会消费品零售总额", "社零额", "社会消费品零售额"]
LRETAIL = ["限上社零额", "限额以上社会消费品零售额", "限上社会消费品零售额", "限上社零", "限上消费品零售额",
           "限额以上单位消费品零售额", "限额以上消费品零售额"]
SERV = ["规上服务业营业收入", "规模以上服务业营业收入", "规上服务业营收", "服务业营业收入", "服务业营收"]
FISC = ["一般公共预算收入", "地方财政收入", "财政收入", "地方级收入", "一般预算收入"]
TAX = ["税收收入", "税收"]
EXPEND = ["一般公共预算支出", "财政支出"]
DEP = ["金融机构存款余额", "存款余额"]
LOAN = ["金融机构贷款余额", "贷款余额"]
INC = ["居民人均可支配收入", "全体居民人均可支配收入", "人均可支配收入"]
INC_U = ["城镇居民人均可支配收入", "城镇常住居民人均可支配收入"]
INC_R = ["农村居民人均可支配收入", "农村常住居民人均可支配收入", "农民人均可支配收入"]
TRADE = ["进出口总额", "外贸进出口总额", "进出口额", "外贸进出口"]
EXPORT, IMPORT = ["出口额", "出口总额"], ["进口额", "进口总额"]
CPI = ["居民消费价格指数", "CPI", "居民消费价格"]
PPI = ["工业生产者出厂价格指数", "工业生产者出厂价格", "出厂价格", "PPI"]
GRAIN = ["粮食产量", "粮食总产量", "粮食"]
SHARE = ["比重", "占比", "占"]
CHANGE = ["增加", "增量", "减少", "比年初", "净增"]
ANY = ["*"]
NEW_FIRMS = ["新增规上工业企业", "新增规模以上工业企业", "新增规上企业", "规上工业企业", "规模以上工业企业"]
PROFIT = ["规上工业利润", "利润总额", "利润"]
IREV = ["规上工业营业收入", "规模以上工业营业收入", "规模以上工业企业营业收入", "营业收入"]
INFRA = ["基础设施投资", "基础设施"]
REALTY = ["房地产开发投资", "房地产投资"]
TECH_INV = ["技改投资", "技术改造投资", "工业技改投资"]

STOCK = "stock"   # months=STOCK: a stock at the end of the article's period (month_to only)
NONE = "none"     # months=NONE: no month range (an annual plan, a capacity, a target)


class Gold:
    """The facts and projects of one gold set.  ``articles``: file -> (region, year, month_from, month_to) of
    the article's own period, the defaults of its facts."""

    def __init__(self, here: Path, articles: dict[str, tuple]) -> None:
        self.here, self.articles = here, articles
        self.rows: list[dict] = []
        self.projects: list[dict] = []
        self._cur: dict = {}

    def article(self, name: str) -> None:
        self._cur = dict(zip(("article", "region", "year", "month_from", "month_to"), (name, *self.articles[name])))

    def f(self, tier, indicator, aliases, value=None, unit=None, yoy=None, quote="", subject="", region=None,
          months=None, year=None) -> None:
        cur = self._cur
        mf, mt = cur["month_from"], cur["month_to"]
        if months == STOCK:
            mf = None
        elif months == NONE:
            mf = mt = None
        elif months is not None:
            mf, mt = months
        self.rows.append(dict(article=cur["article"], region=region or cur["region"], subject=subject,
                              indicator=indicator, aliases=aliases, year=year or cur["year"], month_from=mf,
                              month_to=mt, value=value, unit=unit, yoy_pct=yoy, tier=tier, quote=quote))

    def p(self, tier, name, keys, investment=None, status=None, region=None) -> None:
        self.projects.append(dict(article=self._cur["article"], region=region or self._cur["region"], name=name,
                                  keys=keys, tier=tier, investment_yi=investment, status=status))

    def check(self) -> None:
        """Every quote occurs in its article and holds the fact's numbers; every project key occurs."""
        for rec in self.rows + self.projects:
            text = (self.here / rec["article"]).read_text(encoding="utf-8")
            if "quote" in rec:
                assert rec["quote"] in text, (rec["article"], rec["quote"])
                for x in (rec["value"], rec["yoy_pct"]):   # the numbers are read from the quote
                    plain = (f"{abs(x):f}".rstrip("0").rstrip(".") or "0") if x is not None else ""  # 3856714, not 3.85671e+06
                    assert x is None or f"{abs(x):g}" in rec["quote"] or plain in rec["quote"] \
                        or (x == 0 and "持平" in rec["quote"]), rec
            else:
                assert any(k in text.replace("\n", "") for k in rec["keys"]), (rec["article"], rec["keys"])

    def write(self) -> str:
        """gold.jsonl and gold_projects.jsonl beside the script; returns a one-line summary."""
        for name, rows in (("gold.jsonl", self.rows), ("gold_projects.jsonl", self.projects)):
            with open(self.here / name, "w", encoding="utf-8") as fh:
                for r in rows:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        tiers = {t: sum(r["tier"] == t for r in self.rows) for t in (1, 2, 3)}
        return (f"{len(self.rows)} facts ({sum(r['tier'] <= 2 for r in self.rows)} tier 1-2; by tier {tiers}), "
                f"{len(self.projects)} projects")
