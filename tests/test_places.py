"""components.places: each district's province and city, from the gazetteer."""
from __future__ import annotations

from components.places import DIRECT, OTHER, places


def as_dict(regions):
    return {r.region: (r.province, r.city) for r in places(regions).itertuples()}


def test_full_names_compound_names_and_unknown_names():
    got = as_dict(["双阳区", "长春市", "吉林省", "长春市朝阳区", "北京市朝阳区", "嘉定区", "农安县", "两湖新区"])
    assert got["双阳区"] == ("吉林省", "长春市") and got["农安县"] == ("吉林省", "长春市")
    assert got["长春市"] == ("吉林省", "长春市") and got["吉林省"] == ("吉林省", "吉林省")
    assert got["长春市朝阳区"] == ("吉林省", "长春市") and got["北京市朝阳区"] == ("北京市", "北京市")
    assert got["嘉定区"] == ("上海市", "上海市")          # a province-level city is both
    assert got["两湖新区"] == (OTHER, OTHER)               # not in the gazetteer: listed last
    assert list(places(["两湖新区", "双阳区"])["region"]) == ["双阳区", "两湖新区"]


def test_a_shared_name_follows_the_other_districts():
    assert as_dict(["鼓楼区", "玄武区", "秦淮区"])["鼓楼区"] == ("江苏省", "南京市")
    assert as_dict(["鼓楼区", "台江区", "仓山区"])["鼓楼区"] == ("福建省", "福州市")
    assert as_dict(["朝阳区", "双阳区"])["朝阳区"] == ("吉林省", "长春市")


def test_county_level_units_directly_under_a_province():
    prov, city = as_dict(["仙桃市"])["仙桃市"]
    assert prov == "湖北省" and city in ("仙桃市", DIRECT)


def test_every_district_and_county_of_the_gazetteer_has_a_province():
    import csv
    from components.places import GAZETTEER
    with open(GAZETTEER, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(line for line in fh if not line.startswith("#"))]
    names = {r["name"] for r in rows if r["level"] in ("district", "county")}
    got = places(names)
    assert len(got) == len(names) > 2500
    assert (got["province"] != OTHER).all() and (got["city"] != "").all()
