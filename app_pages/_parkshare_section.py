"""Park share from firm records — a page section the calculator page and the standalone page both call.

``render_parkshare()`` lets a planner upload the year's firm list (and a park-boundary file), computes the
real park share with :mod:`clusters.parkshare`, shows province / city / park / sector results next to the
plan's 75 % target, the firms outside every park (nearest park and distance) and the bad rows, a map, and
CSV downloads (UTF-8 with BOM, opens in Excel).

Session state (documented contract):

- ``st.session_state["parkshare_result"] = {"year": int | None, "park_share": float}`` once the planner clicks
  "use as the calculator's base share"; the calculator page may read it as its base share (and should say
  where it came from). It is removed by the "stop using" button.
- ``st.session_state["ps_result"]``: the last full :class:`clusters.parkshare.ParkShareResult` (this section's
  own cache); ``st.session_state["ps_parks"]``: the park polygons used (GeoDataFrame), for the map.

The computation runs as a background job with stages, a cancel button and the per-user queue
(:mod:`app_pages._progress_ui`); the firm bytes are read once into the job and not kept in the session.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_pages import _progress_ui as progress_ui
from app_pages._widget_lang import labelled
from app_pages.i18n import as_text, error_text, lang, tr
from clusters import parkshare as ps
from clusters.vocab import PARKSHARE_RULES
from gis.boundaries import load_boundaries
from gis.errors import AtlasError
from gis.export_columns import headed
from gis.jobs import Progress, step
from gis.settings import MAX_UPLOAD_BYTES
from gis.shown import readable
from gis.tabular import XLSX_MIME
from gis.text import label as vocab_label
from layers.parkshare_map import parkshare_map

K_RESULT = "ps_result"
K_PARKS = "ps_parks"
K_SHARED = "parkshare_result"
K_JOB = "parkshare"

FIRM_TYPES = ["csv", "txt", "xlsx", "parquet", "gpkg", "geojson"]
PARK_TYPES = ["gpkg", "geojson", "json", "zip", "kml"]


def _pct(value: float | None, digits: int = 2) -> str:
    return "—" if value is None or pd.isna(value) else f"{float(value) * 100:.{digits}f}%"


@st.cache_resource(show_spinner=False, max_entries=4)
def _file_context(park_digest: str, _park_bytes: bytes, park_name: str) -> ps.Context:
    """Parks (from one uploaded boundary file, keyed by its digest) and counties, prepared once; never
    mutated."""
    gdf = ps.load_park_boundaries(_park_bytes, name=park_name)
    name = gdf.attrs.get("file") or park_name
    return ps.build_context(
        gdf,
        load_boundaries("county"),
        parks_source="file",
        parks_note=ps.file_note(name),
        parks_note_text=ps.file_note_text(name),
    )


def _context(park_file, approximate: bool) -> ps.Context:  # noqa: ANN001
    if park_file is not None:
        data = park_file.getvalue()
        return _file_context(hashlib.sha256(data).hexdigest(), data, park_file.name)
    # the atlas's parks (+ the user's accepted boundaries): cheap, and the store may have changed
    return ps.default_context(None, approximate=approximate)


def _start(firm_file, park_file, year: int | None, coords: str, approximate: bool) -> None:  # noqa: ANN001
    """Start the computation as a background job (progress, cancel, queue: app_pages._progress_ui)."""
    ctx = _context(park_file, approximate)
    data, name = firm_file.getvalue(), firm_file.name

    def job(progress: Progress) -> tuple[ps.ParkShareResult, Any]:
        step(progress, ps.STAGE_READ, 0.0)
        firms = ps.read_firms(data, name=name)
        return ps.compute_parkshare(firms, ctx, year=year, coords=coords, progress=progress), ctx.park_frame()

    progress_ui.start(K_JOB, "parkshare", job)


def _take_outcome() -> None:
    """Store the result of a finished job (or say how it ended)."""
    done = progress_ui.outcome(K_JOB)
    if done is None:
        return
    if done.state == "done":
        st.session_state[K_RESULT], st.session_state[K_PARKS] = done.result
    else:
        progress_ui.report(done)


def _files() -> tuple[Any, Any]:
    """The firm list and the optional park-boundary file."""
    c1, c2 = st.columns(2)
    with c1:
        firm_file = st.file_uploader(
            tr(
                "企业名单（CSV / XLSX / Parquet / GeoPackage；列：经度、纬度、产值，可选年份、行业）",
                "Firm list (CSV / XLSX / Parquet / GeoPackage; columns lon, lat, output, optional year, "
                "sector)",
            ),
            type=FIRM_TYPES,
            key="ps_firms",
            help=tr(
                f"上传上限 {MAX_UPLOAD_BYTES // 2**20} MB；更大的名单请用命令行 python -m clusters parkshare",
                f"Upload limit {MAX_UPLOAD_BYTES // 2**20} MB; larger lists: python -m clusters parkshare",
            ),
        )
    with c2:
        park_file = st.file_uploader(
            tr(
                "园区边界（GeoPackage / GeoJSON / 压缩 Shapefile / KML，可选）",
                "Park boundaries (GeoPackage / GeoJSON / zipped shapefile / KML, optional)",
            ),
            type=PARK_TYPES,
            key="ps_parks_file",
        )
    return firm_file, park_file


def _options() -> tuple[str, str, bool]:
    """Year (text as typed), coordinate system of the firms, and approximate footprints or not."""
    c3, c4, c5 = st.columns(3)
    with c3:
        year_txt = st.text_input(
            tr("年份（留空=表中唯一年份）", "Year (blank = the table's only year)"), value="", key="ps_year"
        )
    # labels computed now: format_func may run outside the script run, where the language is unknown
    coord_labels = {
        "wgs84": "WGS84",
        "cgcs2000": "CGCS2000",
        "gcj02": tr("GCJ-02（高德/腾讯）", "GCJ-02 (Gaode/Tencent)"),
        "bd09": tr("BD-09（百度）", "BD-09 (Baidu)"),
    }
    with c4:
        coords = st.selectbox(
            tr("坐标系", "Coordinates"),
            options=list(ps.FIRM_COORDS),
            key="ps_coords",
            format_func=labelled(coord_labels),
        )
    with c5:
        approximate = st.checkbox(
            tr(
                "无边界文件时用近似范围（核准面积圆，仅供参考）",
                "Without a boundary file, use approximate footprints (approved-area circles, indicative "
                "only)",
            ),
            key="ps_approx",
        )
    return year_txt, coords, approximate


def _year(year_txt: str) -> tuple[bool, int | None]:
    """``(ok, year)``: a blank year is ``None``; a year that is not a whole number is reported."""
    if not year_txt.strip():
        return True, None
    try:
        return True, int(year_txt.strip())
    except ValueError:
        st.error(
            tr(
                f"年份“{year_txt}”不是整数，请填写如 2020。",
                f"Year '{year_txt}' is not a whole number; type e.g. 2020.",
            )
        )
        return False, None


def _inputs() -> None:
    firm_file, park_file = _files()
    year_txt, coords, approximate = _options()
    if park_file is None:
        st.caption(
            tr(
                "图集中的园区只是近似点位，没有公开的园区边界：要得到真实占比，请上传园区边界文件。",
                "The atlas's parks are approximate points; no public park boundaries exist. Upload a "
                "boundary file for the true share.",
            )
        )
    run = st.button(
        tr("计算园区产值占比", "Compute the park share"),
        key="ps_run",
        type="primary",
        disabled=firm_file is None or progress_ui.running(K_JOB),
    )
    if run and _year(year_txt)[0] and _small_enough(firm_file):
        try:
            _start(firm_file, park_file, _year(year_txt)[1], coords, approximate)
        except AtlasError as exc:
            st.error(error_text(exc))
        except (OSError, ValueError) as exc:
            st.error(tr("无法计算：", "Cannot compute: ") + as_text(f"{type(exc).__name__}: {exc}"))
    _take_outcome()  # after the start: a quick job has settled already and shows in this run
    progress_ui.show(K_JOB)


def _small_enough(firm_file) -> bool:  # noqa: ANN001
    """The upload limit, checked before reading (the command line reads larger files)."""
    if firm_file.size <= MAX_UPLOAD_BYTES:
        return True
    mb, name = MAX_UPLOAD_BYTES // 2**20, as_text(firm_file.name)
    st.error(
        tr(
            f"文件 {name} 超过 {mb} MB 的上传上限，未读取。更大的名单请用命令行："
            "python -m clusters parkshare --firms 文件 --parks 边界",
            f"{name} is over the {mb} MB upload limit and was not read. For larger lists use the "
            "command line: python -m clusters parkshare --firms FILE --parks BOUNDARIES",
        )
    )
    return False


def _headline(result: ps.ParkShareResult) -> None:
    p = result.province
    if p.get("approximate_parks"):
        st.warning(
            tr(
                "近似范围：园区按核准面积画圆（非边界），结果仅供参考。",
                "Approximate footprints: parks drawn as "
                "circles of their approved area (not boundaries); the share is indicative only.",
            )
            + " "
            + result.parks_note_in(lang())
        )
    else:
        st.caption(
            tr("园区来源：", "Parks: ")
            + (result.parks_note_in(lang()) or str(result.info.get("parks_source")))
        )
    k1, k2, k3, k4 = st.columns(4)
    gap = p.get("gap_to_target_pct_points")
    k1.metric(
        tr(f"{result.year or ''}年全省园区产值占比", f"Province park share {result.year or ''}"),
        _pct(p["park_share"]),
        delta=None if gap is None else tr(f"{gap:+.2f} 个百分点（对比目标）", f"{gap:+.2f} points vs target"),
    )
    k2.metric(tr("规划目标", "Plan target"), _pct(p["plan_target_share"], 0))
    k3.metric(tr("企业数（园区内）", "Firms (in parks)"), f"{p['firms']:,} ({p['firms_in_parks']:,})")
    k4.metric(
        tr("园区产值 / 总产值", "Output in parks / total"),
        f"{p['output_in_parks']:,.0f} / {p['output_total']:,.0f}",
    )
    st.caption(
        tr("目标来源：", "Target source: ")
        + result.plan_target_source_in(lang())
        + tr("。产值单位与输入表相同。", ". Output in the unit of the input table.")
    )


def _share_with_calculator(result: ps.ParkShareResult) -> None:
    """Offer the share to the calculator page as its base share (session key ``parkshare_result``)."""
    used = st.session_state.get(K_SHARED)
    b1, b2 = st.columns(2)
    if b1.button(tr("用作测算器的基期占比", "Use as the calculator's base share"), key="ps_use"):
        st.session_state[K_SHARED] = result.session_value()
        used = st.session_state[K_SHARED]
    if used and b2.button(tr("不再使用", "Stop using it"), key="ps_unuse"):
        st.session_state.pop(K_SHARED, None)
        used = None
    if used:
        st.info(
            tr(
                f"测算器将以 {_pct(used['park_share'])}（{used['year']}年，企业点位测算）为基期占比。",
                f"The calculator uses {_pct(used['park_share'])} ({used['year']}, from firm records) as base "
                "share.",
            )
        )


def _headed(frame: Any, ui_lang: str) -> Any:
    """A result table as shown: headers (gis.export_columns.headed) and cells (gis.shown.readable) in
    ``ui_lang``."""
    return headed(readable(frame, ui_lang), ui_lang)


def _tables(result: ps.ParkShareResult, t_city: Any, t_park: Any, t_sector: Any) -> None:
    with t_city:
        city = result.by_city.assign(park_share=result.by_city["park_share"].map(_pct))
        st.dataframe(_headed(city, lang()), hide_index=True, width="stretch", key="ps_city_table")
    with t_park:
        st.dataframe(
            _headed(
                result.by_park.assign(
                    share_of_province_output=result.by_park["share_of_province_output"].map(
                        lambda v: _pct(v, 3)
                    )
                ),
                lang(),
            ),
            hide_index=True,
            width="stretch",
            key="ps_park_table",
        )
    with t_sector:
        if len(result.by_sector):
            st.dataframe(
                _headed(result.by_sector.assign(park_share=result.by_sector["park_share"].map(_pct)), lang()),
                hide_index=True,
                width="stretch",
                key="ps_sector_table",
            )
        else:
            st.caption(tr("表中没有行业列。", "The table has no sector column."))


def _outside_and_bad(result: ps.ParkShareResult, t_out: Any, t_bad: Any) -> None:
    with t_out:
        st.caption(
            tr(
                "距离：到最近园区边界的平面距离（米，等积投影）。离园区很近的企业可能说明边界有误。",
                "Distance: planar metres to the nearest park boundary (equal-area CRS). Firms just outside a "
                "park may point to a boundary error.",
            )
        )
        st.dataframe(
            _headed(result.outside.head(500), lang()),
            hide_index=True,
            width="stretch",
            key="ps_outside_table",
        )
    with t_bad:
        if len(result.bad_rows):
            st.warning(
                tr(
                    "以下行未计入任何合计，请按提示修正后重新上传。",
                    "These rows are left out of every sum; fix them and upload again.",
                )
            )
            bad = result.bad_rows_in(lang()).head(1000)
            st.dataframe(bad, hide_index=True, width="stretch", key="ps_bad_table")
        else:
            st.success(tr("没有问题行。", "No bad rows."))


def _map(result: ps.ParkShareResult) -> None:
    if not st.toggle(tr("显示地图", "Show the map"), key="ps_show_map", value=False):
        return
    try:
        fmap = parkshare_map(
            result.by_city,
            result.by_park,
            st.session_state.get(K_PARKS),
            lang(),
            approximate=bool(result.province.get("approximate_parks")),
            density=result.density,
        )
        st_folium(fmap, height=520, returned_objects=[], key="ps_map", use_container_width=True)
    except (AtlasError, OSError) as exc:
        st.warning(tr("无法绘制地图：", "Cannot draw the map: ") + error_text(exc))


def _downloads(result: ps.ParkShareResult) -> None:
    st.markdown("**" + tr("下载", "Downloads") + "**")
    stem = f"parkshare_{result.year or 'all'}"
    for col, (name, label) in zip(st.columns(len(ps.DOWNLOADS)), ps.DOWNLOADS.items(), strict=True):
        col.download_button(
            f"{label.get(lang())} CSV",
            result.table_bytes(name, "csv", lang()),
            file_name=f"{stem}_{name}.csv",
            mime="text/csv",
            key=f"ps_dl_{name}",
            on_click="ignore",
        )
    w1, w2, _ = st.columns([2, 1, 2])
    w1.download_button(
        tr("全部表格（XLSX，每表一页）", "All tables (XLSX, a sheet each)"),
        result.workbook_bytes(lang()),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        key="ps_dl_xlsx",
        on_click="ignore",
    )
    w2.download_button(
        "JSON",
        result.json_bytes(),
        file_name=f"{stem}.json",
        mime="application/json",
        key="ps_dl_json",
        on_click="ignore",
    )


def _show(result: ps.ParkShareResult) -> None:
    _headline(result)
    _share_with_calculator(result)
    t_city, t_park, t_sector, t_out, t_bad, t_map = st.tabs(
        [
            tr("各市", "Cities"),
            tr("各园区", "Parks"),
            tr("各行业", "Sectors"),
            tr(f"园区外企业（{result.outside_count:,}）", f"Outside parks ({result.outside_count:,})"),
            tr(
                f"问题行（{result.bad_rows['row'].nunique():,}）",
                f"Bad rows ({result.bad_rows['row'].nunique():,})",
            ),
            tr("地图", "Map"),
        ]
    )
    _tables(result, t_city, t_park, t_sector)
    _outside_and_bad(result, t_out, t_bad)
    with t_map:
        _map(result)
    _downloads(result)
    with st.expander(tr("计算规则", "Rules")):
        for key, text in result.rules_in(lang()).items():
            st.markdown(f"- **{vocab_label(PARKSHARE_RULES, key, lang(), default=key)}**: {text}")


def render_parkshare() -> None:
    """Render the section (inputs, results, map, downloads). Call inside any page."""
    st.subheader(tr("企业点位测算园区产值占比", "Park share from firm records"))
    st.caption(
        tr(
            "把每家企业按坐标放进或放出园区，按产值汇总：这才是对75%目标的真实检验。",
            "Place every firm in or out of a park by its coordinates and sum output: the honest check of "
            "the 75% target.",
        )
    )
    _inputs()
    result = st.session_state.get(K_RESULT)
    if result is not None:
        _show(result)
