"""导入文章 with the real parser in its worker process: prefilled month, repeats within a batch,
the time limit, and the uploader's Chinese texts and limit."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components import upload
from store.db import Store
from parsers.textio import MAX_BYTES
from tests.conftest import ROOT, SEEDS_DIR

SEED = sorted(SEEDS_DIR.glob("*.txt"))[4]          # 二道区, no date line in the text


pytestmark = pytest.mark.usefixtures("fresh_st_caches")   # AppTests: no cache shared between tests


def upload_page(files: list[tuple[str, bytes]]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("app_pages/upload.py").run()
    at.file_uploader[0].set_value([(n, b, "text/plain") for n, b in files])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def month_input(at: AppTest, i: int = 0):
    return [t for t in at.text_input if t.key.startswith("up_month_")][i]


def messages(elements) -> list[str]:
    return [str(e.value) for e in elements]


def test_month_is_prefilled_from_a_date_line(app_env):
    body = SEED.read_text(encoding="utf-8")
    text = "二道区上半年经济运行观察\n发布时间：2024-07-18 09:30　来源：二道区融媒体中心\n" + body
    at = upload_page([("带日期.txt", text.encode("utf-8"))])
    assert month_input(at).value == "2024-07"
    assert not at.error and not at.warning, messages(at.error) + messages(at.warning)
    assert any("取自文中的日期" in c for c in messages(at.caption))
    assert not at.button(key="upload_save").disabled


def test_missing_month_asks_without_a_red_error(app_env):
    at = upload_page([(SEED.name, SEED.read_bytes())])
    assert month_input(at).value == ""
    assert not at.error, messages(at.error)
    assert any("请填写" in w and "发布月份" in w for w in messages(at.warning))
    assert at.button(key="upload_save").disabled
    month_input(at).set_value("2024-07").run()
    assert not at.warning and not at.button(key="upload_save").disabled


def test_a_file_repeated_in_one_batch_is_reported_as_a_repeat(app_env, tmp_db):
    data = SEED.read_bytes()
    at = upload_page([("甲.txt", data), ("乙.txt", data)])
    for i in range(2):
        month_input(at, i).set_value("2024-07").run()
    warnings = messages(at.warning)
    assert any("“乙.txt”与本次上传的“甲.txt”内容相同" in w for w in warnings), warnings
    assert not any("已有文章" in w for w in warnings)   # 甲.txt was never stored
    n0 = len(Store(tmp_db).articles())
    at.button(key="upload_save").click().run()
    assert len(Store(tmp_db).articles()) == n0 + 1


def test_a_parse_over_the_time_limit_is_stopped_with_a_message(app_env, tmp_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_PARSE_TIMEOUT_S", "0.05")
    big = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt")))
    big = (big * (MAX_BYTES // len(big.encode("utf-8"))))[: MAX_BYTES // 4]   # ~1.5 MB of real articles
    v0 = Store(tmp_db).version()
    at = upload_page([("大文件.txt", big.encode("utf-8"))])
    errors = messages(at.error)
    assert any("时间上限" in e and "大文件.txt" in e for e in errors), errors
    assert at.button(key="upload_save").disabled
    assert Store(tmp_db).version() == v0


def test_uploader_limit_and_texts_are_chinese_and_consistent(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("app_pages/upload.py").run()
    uploader = at.file_uploader[0]
    assert uploader.proto.max_upload_size_mb * 1024 * 1024 == MAX_BYTES
    assert list(uploader.proto.type) == []          # every type reaches our own (Chinese) check
    css = " ".join(h.proto.body for h in at.get("html"))
    for chinese in ("选择文件", upload.LIMIT_TEXT, upload.OVER_LIMIT_TEXT):
        assert chinese in css
    assert upload.LIMIT_TEXT == "单个文件不超过 2 MB"   # what the browser shows: tests/browser/test_dashboard.py


def test_an_article_naming_its_place_only_as_our_city_asks_for_the_region(app_env):
    text = ("我市前三季度经济运行稳中向好\n前三季度，全市地区生产总值增长5.2%，我市规上工业增加值增长6.3%，"
            "全市固定资产投资增长3.1%。").encode("utf-8")
    at = upload_page([("我市.txt", text)])
    region = [t for t in at.text_input if t.key.startswith("up_region_")][0]
    month_input(at).set_value("2025-10").run()
    assert region.value == ""
    assert any("只用“全市”“我市”" in w for w in messages(at.warning)), messages(at.warning)
    assert at.button(key="upload_save").disabled
    region.set_value("徐州市").run()
    assert not at.warning and not at.button(key="upload_save").disabled


def test_a_shared_district_name_is_prefilled_with_a_note_listing_the_others(app_env):
    text = ("鼓楼区上半年经济运行\n上半年，鼓楼区地区生产总值增长5.9%，全区规上工业增加值增长6.4%。").encode("utf-8")
    at = upload_page([("鼓楼.txt", text)])
    region = [t for t in at.text_input if t.key.startswith("up_region_")][0]
    assert region.value == "鼓楼区"
    notes = messages(at.info)
    assert any("同名" in n and "南京市鼓楼区" in n for n in notes), notes


def test_a_traditional_article_is_converted_and_the_preview_says_so(app_env):
    text = ("永春縣1~7月工業經濟運行簡況\n1~7月,永春縣規模以上工業總產值完成1286437萬元,同比增長5.9%;"
            "規模以上工業增加值同比增長6.4%。台資企業完成產值98641萬元,增長3.7%。").encode("utf-8")
    at = upload_page([("繁體.txt", text)])
    month_input(at).set_value("2025-08").run()
    notes = messages(at.info)
    assert any("繁体字" in n and "已转换为简体" in n for n in notes), notes
    region = [t for t in at.text_input if t.key.startswith("up_region_")][0]
    assert region.value == "永春县"                       # the region in Simplified script
    preview = at.dataframe[0].value
    assert "规上工业产值" in set(preview["指标"]), preview       # names in Simplified
    assert any("規模以上" in s for s in preview["原句"]), preview  # the sentence as uploaded
    assert not at.button(key="upload_save").disabled


def test_a_simplified_article_has_no_conversion_note(app_env):
    at = upload_page([(SEED.name, SEED.read_bytes())])
    assert not any("繁体字" in n for n in messages(at.info))
