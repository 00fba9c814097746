"""Genre cases for communiqué tables (issue 9, class 4): the TAB variants real 统计公报 use.
Own wording and numbers.  Each case: a table and the rows it must give (indicator, value, unit, yoy_pct)."""
from __future__ import annotations

import pytest

from tests.test_values_genre import check, find_row, has, parsed, show

CASES = [
    ("unit-column",
     "指标\t单位\t绝对数\t比上年增长(%)\n地区生产总值\t亿元\t1456.2\t4.9\n社会消费品零售总额\t亿元\t610.5\t6.3\n",
     [("地区生产总值", 1456.2, "亿元", 4.9), ("社零总额", 610.5, "亿元", 6.3)]),
    ("caption-unit-before-table",
     "表2  主要农产品产量\n单位：万吨\n指标\t产量\t比上年增长(%)\n粮食\t211.4\t1.7\n油料\t3.6\t-2.2\n",
     [("粮食", 211.4, "万吨", 1.7), ("油料", 3.6, "万吨", -2.2)]),
    ("caption-unit-in-brackets",
     "全年主要工业产品产量（单位：万吨）\n产品\t本年\t增长(%)\n钢材\t77.5\t3.0\n",
     [("钢材", 77.5, "万吨", 3.0)]),
    ("header-unit-in-value-column",
     "产品名称\t产量（万吨）\t增速(%)\n水泥\t143.2\t-6.4\n",
     [("水泥", 143.2, "万吨", -6.4)]),
    ("unit-inside-value-cell-no-header",
     "一般公共预算收入\t33.8亿元\t2.6%\n税收收入\t24.1亿元\t-1.3%\n",
     [("一般公共预算收入", 33.8, "亿元", 2.6), ("税收收入", 24.1, "亿元", -1.3)]),
    ("subitem-hash",
     "指标\t单位\t绝对数\t比上年增长(%)\n进出口总额\t亿元\t96.3\t5.1\n#出口\t亿元\t61.7\t8.4\n",
     [("进出口总额", 96.3, "亿元", 5.1), (lambda n: n.startswith("出口"), 61.7, "亿元", 8.4)]),
    ("subitem-qizhong",
     "指标\t单位\t绝对数\t比上年增长(%)\n发电量\t亿千瓦时\t52.8\t2.4\n其中：风电\t亿千瓦时\t14.5\t19.6\n",
     [("发电量", 52.8, "亿千瓦时", 2.4), ("风电", 14.5, "亿千瓦时", 19.6)]),
    ("name-with-bracket-note",
     "单位：万吨\n指标\t绝对数\t比上年增长(%)\n化肥施用量(折纯)\t7.9\t-0.8\n",
     [("化肥施用量", 7.9, "万吨", -0.8)]),
    ("name-with-bracket-includes",
     "指标\t单位\t绝对数\t增长(%)\n社会消费品零售总额(含餐饮收入)\t亿元\t288.1\t4.0\n",
     [("社零总额", 288.1, "亿元", 4.0)]),
    ("name-with-unit-in-brackets",
     "指标\t绝对数\t增长(%)\n粮食产量(万吨)\t98.6\t0.9\n",
     [("粮食产量", 98.6, "万吨", 0.9)]),
    ("flat-growth-cell",
     "指标\t单位\t绝对数\t比上年增长(%)\n肉类总产量\t万吨\t12.3\t持平\n",
     [(has("肉类"), 12.3, "万吨", 0.0)]),
    ("growth-column-only",
     "指标\t比上年增长(%)\n规模以上工业增加值\t6.7\n固定资产投资\t-3.2\n社会消费品零售总额\t持平\n",
     [("规上工业增加值", None, "", 6.7), ("固定资产投资", None, "", -3.2), ("社零总额", None, "", 0.0)]),
    ("plus-minus-percent-header",
     "指标\t单位\t绝对数\t±%\n货物周转量\t亿吨公里\t45.2\t-1.9\n",
     [(has("货物周转量"), 45.2, "亿吨公里", -1.9)]),
    ("index-row-without-unit",
     "指标\t绝对数\t比上年增长(%)\n居民消费价格总指数\t100.9\t\n",
     [("居民消费价格指数", 100.9, "", None)]),
    ("year-column-header-with-caption-unit",
     "单位：亿元\n指标\t2023年\t比上年增长(%)\n建筑业总产值\t156.4\t3.5\n",
     [("建筑业产值", 156.4, "亿元", 3.5)]),
    ("table-unit-in-header-name-cell",
     "指标（单位：亿元）\t绝对数\t增速(%)\n房地产开发投资\t48.2\t-9.1\n",
     [("房地产开发投资", 48.2, "亿元", -9.1)]),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_tables_genre(text, expected):
    check(text, expected)
    df = parsed(text)
    assert not any("#" in n or n.startswith((":", "：", "其中")) for n in df.indicator), show(df)


def test_a_header_is_not_taken_for_a_row_name_with_a_head_word():
    # 社会消费品零售总额 contains 总额 (a value head), and 持平 is no column head
    df = parsed("指标\t比上年增长(%)\n规模以上工业增加值\t5.1\n社会消费品零售总额\t持平\n固定资产投资\t2.0\n")
    assert find_row(df, "固定资产投资", None, "", 2.0) is not None, show(df)
