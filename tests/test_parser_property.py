"""No input string crashes the parser, and every output row satisfies the schema."""
import pandera.pandas as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import INDICATOR_COLUMNS, PROJECT_COLUMNS, parse_article

IND_SCHEMA = pa.DataFrameSchema({
    **{c: pa.Column(t, nullable=True) for c, t in INDICATOR_COLUMNS.items()},
    "month_from": pa.Column("Int64", pa.Check.in_range(1, 12), nullable=True),
    "month_to": pa.Column("Int64", pa.Check.in_range(1, 12), nullable=True),
    "year": pa.Column("Int64", pa.Check.in_range(1900, 2100), nullable=True),
    "start": pa.Column("Int64", pa.Check.ge(0)),
    "end": pa.Column("Int64", pa.Check.ge(0)),
}, strict=True, ordered=True, checks=[
    pa.Check(lambda d: (d["start"] <= d["end"]).all(), name="span ordered"),
    pa.Check(lambda d: (d["value"].notna() | d["yoy_pct"].notna()).all(), name="a figure in every row"),
    pa.Check(lambda d: (d["month_from"].isna() | d["month_to"].isna() | (d["month_from"] <= d["month_to"])).all(),
             name="months ordered"),
])
PRJ_SCHEMA = pa.DataFrameSchema({c: pa.Column(t, nullable=True) for c, t in PROJECT_COLUMNS.items()},
                                strict=True, ordered=True)

GENRE = st.sampled_from(list("今年1月至6月，双阳区规上工业增加值增长9%；固定资产投资下降13.4%分别、和及产销万亿元户个百分点"
                             "全市上半年前三季度总投资项目等签约开工\n\t。.,０１２３４５６７８９％（）“”一二十百千两近超余多约以上"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), st.text(GENRE, max_size=300)), st.one_of(st.none(), st.text(max_size=8)),
       st.sampled_from([None, "2024-07", "2024", "bad", ""]))
def test_no_input_crashes_and_rows_follow_schema(text, region, published):
    p = parse_article(text, article="fuzz.txt", region=region, published=published)
    IND_SCHEMA.validate(p.indicators)
    PRJ_SCHEMA.validate(p.projects)
    for r in p.indicators.itertuples():
        assert 0 <= r.start <= r.end <= len(text)
        assert 0 <= r.sent_start <= r.sent_end <= len(text)
