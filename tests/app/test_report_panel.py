"""The progress page's "生成评估报告 / Evaluation report" control: options, write, download."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from gis.settings import ROOT

PROGRESS = str(ROOT / "app_pages" / "progress.py")


def _downloads(at: AppTest) -> list[str]:
    return [b.label for b in at.get("download_button")]


def _until_written(at: AppTest, needle: str, seconds: float = 180) -> list[str]:
    """Rerun until the report job (a background job with a bar) has offered its file."""
    import time

    deadline = time.monotonic() + seconds
    while not any(needle in lb for lb in _downloads(at)) and time.monotonic() < deadline:
        time.sleep(1)
        at.run()
    return _downloads(at)


def test_write_the_report_and_download_it():
    at = AppTest.from_file(PROGRESS, default_timeout=180).run()
    assert not at.exception
    assert "生成评估报告" in [s.value for s in at.subheader]
    assert not any("下载评估报告" in lb for lb in _downloads(at))
    assert at.radio(key="rp_fmt").options == ["DOCX", "PDF"]
    assert at.selectbox(key="rp_scenario").options[0] == "规划默认值"
    at.button(key="rp_write").click().run()
    assert not at.exception and not at.error
    labels = _until_written(at, "下载评估报告")
    assert not at.exception and not at.error
    assert any("下载评估报告" in lb and lb.endswith("规划实施评估报告.docx）") for lb in labels)


def test_english_report_option():
    at = AppTest.from_file(PROGRESS, default_timeout=180)
    at.session_state["lang"] = "en"
    at.run()
    assert at.radio(key="rp_lang").value == "en"
    at.button(key="rp_write").click().run()
    assert not at.exception
    assert any("evaluation_report.docx" in lb for lb in _until_written(at, "evaluation_report.docx"))
