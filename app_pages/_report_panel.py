"""The "生成评估报告 / Evaluation report" control of the progress page: format, language, scenario, a
progress bar while it is written, and the download.

Widgets and session state only: the content is :func:`clusters.report.build_report`, the file
:func:`layers.report.render_report`.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from app_pages import _progress_ui as progress_ui
from app_pages.i18n import error_text, lang, tr
from clusters import report as R
from gis.errors import AtlasError
from gis.jobs import Progress
from gis.text import Pair, text
from layers.report import MIME, render_report

K_RESULT = "report_file"  # (file name, bytes, mime) of the last report written
K_JOB = "report"  # the report job of this session (app_pages._progress_ui)
K_SESSION_FIGURES = "progress_figures"  # the progress page's figures when the user store cannot be used


def _figures() -> tuple[pd.DataFrame | None, str]:
    """The accepted actual figures (user store, else this session) and where they come from."""
    try:
        given = R.store_figures()
    except (AtlasError, OSError):
        given = None
    if given is not None:
        return given.figures, given.origin
    session = st.session_state.get(K_SESSION_FIGURES)
    if isinstance(session, pd.DataFrame) and not session.empty:
        return session, tr("本次会话", "this session")
    return None, ""


def _options() -> tuple[str, str, str | None]:
    c1, c2, c3 = st.columns(3)
    fmt = c1.radio(
        tr("格式", "Format"), ["docx", "pdf"], horizontal=True, key="rp_fmt", format_func=str.upper
    )
    langs = {"zh": "中文", "en": "English"}
    report_lang = c2.radio(
        tr("报告语言", "Report language"),
        list(langs),
        index=list(langs).index(lang()) if lang() in langs else 0,
        horizontal=True,
        key="rp_lang",
        format_func=langs.__getitem__,
    )
    plan = tr("规划默认值", "the plan's defaults")
    names = [plan, *R.saved_scenario_names()]
    chosen = c3.selectbox(tr("占比测算情景", "Park-share scenario"), names, key="rp_scenario")
    return fmt, report_lang, None if chosen == plan else chosen


def _job(fmt: str, report_lang: str, scenario_name: str | None) -> Callable[[Progress], tuple]:
    """The report as a background job (:mod:`app_pages._progress_ui`: a bar, cancel, the job limits)."""
    figures, origin = _figures()

    def run(p: Progress) -> tuple[str, bytes, str]:
        scenario = R.saved_scenario(scenario_name) if scenario_name else None
        report = R.build_report(report_lang, figures, scenario=scenario, figures_from=origin)
        data = render_report(
            report, fmt, progress=lambda fraction, what: p.update(Pair(what, what), fraction)
        )
        name = text(report_lang, "规划实施评估报告", "evaluation_report") + f".{fmt}"
        return name, data, MIME[fmt]

    return run


def _write(fmt: str, report_lang: str, scenario_name: str | None) -> None:
    st.session_state.pop(K_RESULT, None)
    progress_ui.start(K_JOB, "report", _job(fmt, report_lang, scenario_name))


def _take_outcome() -> None:
    done = progress_ui.outcome(K_JOB)
    if done is None:
        return
    if done.state == "done":
        st.session_state[K_RESULT] = done.result
    elif done.state == "failed" and isinstance(done.error, (AtlasError, OSError)):
        st.error(tr("无法生成报告：", "Cannot write the report: ") + error_text(done.error))
    else:
        progress_ui.report(done)


def render_report_panel() -> None:
    """The panel: what the report holds, its options, the button, the download."""
    st.subheader(tr("生成评估报告", "Evaluation report"))
    st.caption(
        tr(
            "一份可在 Word/WPS 中编辑的规划实施评估：专栏1和专栏10的目标、已接受的实际数据与目标的比较、"
            "园区占比测算（公式和输入）、图表，每个数字注明来源，文末列出尚不清楚的事项。PDF 由 DOCX 转换。",
            "An evaluation of the plan you can edit in Word or WPS: the targets of Boxes 1 and 10, the "
            "accepted actual figures against them, the park-share calculation (formula and inputs), charts; "
            "every figure with its source and a list of what is not known. The PDF is the DOCX converted.",
        )
    )
    fmt, report_lang, scenario_name = _options()
    if st.button(
        tr("生成评估报告", "Write the evaluation report"), key="rp_write", disabled=progress_ui.running(K_JOB)
    ):
        _write(fmt, report_lang, scenario_name)
    _take_outcome()
    progress_ui.show(K_JOB)
    result = st.session_state.get(K_RESULT)
    if result:
        name, data, mime = result
        st.download_button(
            tr("下载评估报告", "Download the report") + f"（{name}）",
            data,
            file_name=name,
            mime=mime,
            key="rp_download",
        )
