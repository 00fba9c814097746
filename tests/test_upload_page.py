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


# --------------------------------------------------------------------------- paste-in (issue 11)
def paste_page(text: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("app_pages/upload.py").run()
    at.text_area(key=f"{upload.PASTE_KEY}_0").set_value(text).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def paste_title(at: AppTest):
    return next(t for t in at.text_input if t.key.startswith(f"{upload.PASTE_KEY}_title_"))


def test_a_pasted_seed_text_is_saved_with_its_first_line_as_title(app_env, tmp_db):
    text = SEED.read_text(encoding="utf-8")
    first = upload.first_line_title(text)
    at = paste_page(text)
    assert first and paste_title(at).value == first      # prefilled from the first line
    month_input(at).set_value("2024-07").run()
    assert not at.error, messages(at.error)
    assert any("1 篇粘贴的文章" in m for m in messages(at.markdown))
    n0 = len(Store(tmp_db).articles())
    at.button(key="upload_save").click().run()
    assert not at.exception and any("已保存 1 篇" in s and first in s for s in messages(at.success))
    arts = Store(tmp_db).articles()
    assert len(arts) == n0 + 1
    new = arts[arts["source"] == "upload"].iloc[0]
    assert new["title"] == first and new["published"] == "2024-07" and new["region"] == "二道区"
    assert " ".join(new["text"].split()) == " ".join(text.split())
    assert (Store(tmp_db).indicators()["article"] == new["article"]).sum() > 0
    assert at.text_area(key=f"{upload.PASTE_KEY}_1").value in ("", None)   # the text area is emptied


def test_an_edited_title_is_what_the_store_keeps_for_a_paste_and_a_file(app_env, tmp_db):
    text = SEED.read_text(encoding="utf-8")
    at = paste_page(text)
    month_input(at).set_value("2024-07").run()
    paste_title(at).set_value("二道区上半年经济观察（粘贴）").run()
    at.button(key="upload_save").click().run()
    arts = Store(tmp_db).articles()
    assert "二道区上半年经济观察（粘贴）" in set(arts["title"])
    # a file: its title field, prefilled the same way, edited
    other = "绿园区经济运行观察\n" + "\n".join(text.splitlines()[1:]).replace("二道区", "绿园区") + "\n补充一句。"
    at2 = upload_page([("绿园.txt", other.encode("utf-8"))])
    title = next(t for t in at2.text_input if t.key.startswith("up_title_"))
    assert title.value == "绿园区经济运行观察"
    title.set_value("绿园区：改过的标题").run()
    month_input(at2).set_value("2024-08").run()
    at2.button(key="upload_save").click().run()
    assert not at2.exception
    arts = Store(tmp_db).articles().set_index("article")
    assert arts.loc["绿园.txt", "title"] == "绿园区：改过的标题"


@pytest.mark.parametrize("text, expected", [
    pytest.param(" \n\u3000 \n ", "只有空白字符", id="blank"),
    pytest.param("年中经济观察", "太短", id="too-short"),
    pytest.param("\x01\x02\x03\x04\x05\x06\x07\x08" * 40 + "增长5%", "控制字符或乱码", id="binary-like"),
    pytest.param("lorem ipsum dolor sit amet, consectetur adipiscing elit " * 4, "没有从“粘贴的文章”中识别出",
                 id="no-figures"),
])
def test_bad_pastes_get_a_clear_message_and_store_nothing(app_env, tmp_db, text, expected):
    v0, n0 = Store(tmp_db).version(), len(Store(tmp_db).articles())
    at = paste_page(text)
    errors = messages(at.error)
    assert any(expected in e for e in errors), errors
    assert not any("文件" in e for e in errors if expected != "没有从“粘贴的文章”中识别出"), errors   # no "file" talk
    assert at.button(key="upload_save").disabled
    assert Store(tmp_db).version() == v0 and len(Store(tmp_db).articles()) == n0


def test_a_paste_of_a_stored_article_is_a_duplicate_named_by_title(app_env, tmp_db):
    stored = app_env.articles().iloc[0]
    v0 = Store(tmp_db).version()
    at = paste_page(str(stored["text"]))
    month_input(at).set_value(str(stored["published"])).run()
    warnings = messages(at.warning)
    label = f"{stored['title']} ({stored['published']})"
    assert any("粘贴的文章" in w and label in w and "不会重复保存" in w for w in warnings), warnings
    assert at.button(key="upload_save").disabled
    assert Store(tmp_db).version() == v0


def test_a_pasted_traditional_text_gets_the_same_note_as_a_file(app_env):
    text = ("永春縣1~7月工業經濟運行簡況\n1~7月,永春縣規模以上工業總產值完成1286437萬元,同比增長5.9%;"
            "規模以上工業增加值同比增長6.4%。台資企業完成產值98641萬元,增長3.7%。")
    at = paste_page(text)
    month_input(at).set_value("2025-08").run()
    assert any("繁体字" in n and "已转换为简体" in n for n in messages(at.info)), messages(at.info)
    assert paste_title(at).value == "永春縣1~7月工業經濟運行簡況"
    assert not at.button(key="upload_save").disabled


def test_a_paste_repeating_an_uploaded_file_is_a_repeat_within_the_batch(app_env, tmp_db):
    data = SEED.read_bytes()
    at = upload_page([("甲.txt", data)])
    at.text_area(key=f"{upload.PASTE_KEY}_0").set_value(data.decode("utf-8")).run()
    for i in range(2):
        month_input(at, i).set_value("2024-07").run()
    warnings = messages(at.warning)
    assert any("“粘贴的文章”与本次上传的“甲.txt”内容相同" in w for w in warnings), warnings
    n0 = len(Store(tmp_db).articles())
    at.button(key="upload_save").click().run()
    assert len(Store(tmp_db).articles()) == n0 + 1


def test_paste_item_is_a_file_of_the_same_path():
    name, data = upload.paste_item("\n  年中经济观察\n正文。", "")          # the first non-empty line
    assert name == "年中经济观察.txt" and data.decode("utf-8") == "\n  年中经济观察\n正文。"
    assert upload.paste_item("x", "我的/标题")[0] == "我的_标题.txt"      # a safe file name from the typed title
    text, err = upload.decode_upload(name, data, pasted=True)
    assert text is None and "太短" in err
