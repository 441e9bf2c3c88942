"""AppTest for the targets page and the progress page."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from clusters import progress
from clusters.targets import indicators, sector_targets
from clusters.verdicts import verdict_counts
from gis.settings import ROOT

TARGETS = str(ROOT / "app_pages" / "targets.py")
PROGRESS = str(ROOT / "app_pages" / "progress.py")


def _sector_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "2020年产值目标（亿元）" in d.value.columns)


def test_sector_table_filter_sort_and_derived_base():
    at = AppTest.from_file(TARGETS, default_timeout=90).run()
    assert not at.exception
    st_df = sector_targets()
    table = _sector_table(at)
    assert len(table) == 24
    derived = "2015年产值（推算）"
    row1 = table.set_index("序号").loc[1]
    assert row1[derived] == pytest.approx(round(6800 / 1.19**5, 1))
    assert (
        "业务收入" in table.set_index("序号").loc[18, "说明"]
        or "业务收入" in table.set_index("序号").loc[18, "口径"]
    )
    at.radio(key="tg_group").set_value("新兴先导产业").run()
    table = _sector_table(at)
    assert len(table) == int((st_df["group_zh"] == "新兴先导产业").sum())
    at.selectbox(key="tg_sort").set_value("output_2020").run()
    table = _sector_table(at)
    values = list(table["2020年产值目标（亿元）"])
    assert values == sorted(values) and values[0] == 500  # 集成电路, the smallest emerging sector
    at.checkbox(key="tg_desc").check().run()
    values = list(_sector_table(at)["2020年产值目标（亿元）"])
    assert values == sorted(values, reverse=True) and values[0] == 6450  # 新材料


def test_indicators_and_clusters():
    at = AppTest.from_file(TARGETS, default_timeout=90).run()
    ind = next(d.value for d in at.dataframe if "2015年基数" in d.value.columns)
    assert len(ind) == len(indicators()) == 16
    assert ind.set_index("序号").loc[10, "2020年目标"] == "75%以上"
    at.slider(key="tg_cluster_growth").set_value(20.0).run()
    expected = progress.cluster_thousand(0.20)
    m = {x.label: x.value for x in at.metric}
    # a firm pass only from a figure that is recent, whole-cluster and not of low confidence
    counts = verdict_counts(expected)
    shown = m["按此增速2020年超过1000亿的集群（有数据者）"]
    assert shown.startswith(f"{counts['passes']} / {len(expected)}")
    assert counts["passes"] < int(expected["passes"].sum())  # the 2010 / county figures no longer count
    assert f"另{counts['leans_pass']}个或可" in shown
    table = next(d.value for d in at.dataframe if "判断依据" in d.value.columns)
    assert "✓ 可超过" not in set(table.loc[table["年份"] == "2010", "能否超过1000亿（推算）"])
    assert table.loc[table["年份"] == "2010", "判断依据"].str.contains("2010年数字").all()
    clusters = next(
        d.value for d in at.dataframe if "来源类别" in d.value.columns and "所在地" in d.value.columns
    )
    assert "来自相关文件（非规划所列）" in set(clusters["来源类别"])
    at.checkbox(key="tg_show_related").uncheck().run()
    clusters = next(
        d.value for d in at.dataframe if "来源类别" in d.value.columns and "所在地" in d.value.columns
    )
    assert len(clusters) == 7


def test_map_links_inside_the_app():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("app_pages/targets.py").run()
    assert not at.exception
    links = at.get("page_link")
    assert links, "no st.page_link rendered"
    texts = " ".join(str(lk.proto) for lk in links)
    assert "sector" in texts and "petrochem" in texts and "clusters_plan" in texts


def test_progress_upload_accept_valid_part_and_compare():
    at = AppTest.from_file(PROGRESS, default_timeout=90).run()
    assert not at.exception
    df = pd.DataFrame(
        {
            "类型": ["行业", "行业", "集群"],
            "名称": ["石油化工", "纺织服装", "汽车产业集群"],
            "年份": [2017, 2018, 2018],
            "指标": ["产值", "产值", "产值"],
            "产值": [4000, "abc", 2000],
        }
    )
    buf = io.BytesIO()
    df.to_excel(buf, index=False)
    at.file_uploader(key="pg_upload").set_value(("f.xlsx", buf.getvalue(), "application/octet-stream")).run()
    m = {x.label: x.value for x in at.metric}
    assert m["有效行"] == "2" and m["有问题的行"] == "1"
    probs = next(d.value for d in at.dataframe if "问题" in d.value.columns)
    assert list(probs["行"]) == ["3"] and list(probs["列"]) == ["产值"]
    assert not any(x.label == "落后" for x in at.metric)  # nothing stored before accepting
    at.button(key="pg_accept_valid").click().run()
    m = {x.label: x.value for x in at.metric}
    assert m["落后"] == "1"  # petrochemicals 4000 < 6800/1.19**3 ≈ 4035 in 2017
    cmp = next(d.value for d in at.dataframe if "占目标 %" in d.value.columns)
    assert list(cmp["状态"]) == ["落后", "无基期，仅比目标"]
    assert cmp.iloc[0]["占目标 %"] == f"{4000 / 6800 * 100:.1f}%"


def test_progress_clean_gbk_upload_is_saved():
    at = AppTest.from_file(PROGRESS, default_timeout=90).run()
    text = "kind,name,year,measure,value\n行业,鞋业,2017,产值,2900\n"
    at.file_uploader(key="pg_upload").set_value(("g.csv", text.encode("gbk"), "text/csv")).run()
    assert not at.exception
    assert at.success
    m = {x.label: x.value for x in at.metric}
    assert m["按进度或已达标"] == "1"  # 2900 ≥ 3300/1.05**3 ≈ 2851


def test_progress_chart_choice_and_download_in_english():
    at = AppTest.from_file(PROGRESS, default_timeout=90)
    at.session_state["lang"] = "en"
    at.run()
    text = "kind,name,year,measure,value\n行业,鞋业,2017,产值,2900\n行业,石油化工,2017,产值,4000\n"
    at.file_uploader(key="pg_upload").set_value(("e.csv", text.encode("utf-8"), "text/csv")).run()
    assert not at.exception
    m = {x.label: x.value for x in at.metric}
    assert m["Behind"] == "1" and m["On track or reached"] == "1"
    cmp = next(d.value for d in at.dataframe if "% of target" in d.value.columns)
    assert set(cmp["Status"]) == {"behind", "on track"}
    assert set(cmp["Kind"]) == {"sector (Box 10)"}
    choice = at.selectbox(key="pg_series")
    assert len(choice.options) == 2 and all(o.endswith("· output (100 million yuan)") for o in choice.options)
    labels = [b.label for b in at.get("download_button")]
    assert "Download the comparison (CSV)" in labels


def test_progress_catalogue_knows_the_users_parks():
    """A park the user added on the data page can be given figures (the catalogue is the parks in force)."""
    import geopandas as gpd
    from shapely.geometry import Polygon

    from gis import store

    outline = Polygon([(118.00, 24.50), (118.02, 24.50), (118.02, 24.52), (118.00, 24.52)])
    added = gpd.GeoDataFrame({"park_id": [None], "name_zh": ["测试新增园区"]}, geometry=[outline], crs=4326)
    store.accept_boundaries(added, source_file="new_park.zip", note="test")
    at = AppTest.from_file(PROGRESS, default_timeout=90).run()
    text = "kind,name,year,measure,value,target_2020\n园区,测试新增园区,2018,产值,100,200\n"
    at.file_uploader(key="pg_upload").set_value(("p.csv", text.encode("utf-8"), "text/csv")).run()
    assert not at.exception
    m = {x.label: x.value for x in at.metric}
    assert m["有效行"] == "1" and m["有问题的行"] == "0"
    cmp = next(d.value for d in at.dataframe if "占目标 %" in d.value.columns)
    assert list(cmp["名称"]) == ["测试新增园区"] and cmp.iloc[0]["占目标 %"] == "50.0%"
