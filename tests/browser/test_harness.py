"""The harness itself on the one-chart hello app: separates "browser/machine broken" from "app broken"."""
from browser_harness import chart_count, chart_signature, goto, new_page, start_app


def test_hello_app_shows_its_chart_in_chromium(browser, tmp_path):
    server = start_app("benchmarks/hello_app.py", log_path=tmp_path / "hello.log")
    try:
        page = new_page(browser)
        goto(page, server.url)
        assert chart_count(page) == 1
        sig = chart_signature(page)
        assert "双阳区" in sig and "二道区" in sig
        assert server.rss_kb() > 10_000  # /proc RSS readout works (used by the benchmark)
        page.context.close()
    finally:
        server.stop()
