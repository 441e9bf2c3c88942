"""The map editor in headless Chromium, network blocked: draw a park with the mouse, refuse a figure without a
source, save, see it in the card and in the GeoPackage export as hand-traced, reshape a vertex, undo both."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.browser.test_map import IFRAME, TIMEOUT, _card, _map_frame
from tests.conftest import OUTPUT_DIR, OfflineBrowser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]

NAME = "测试手绘园区"
EDIT = "编辑园区（画边界、改数据）"
UNDO = re.compile("撤销本次会话的上一次保存")
AREA = re.compile(r"面积 ([\d,.]+) 公顷")
# An empty spot of land north of Xiamen, at a zoom where a 200 px square is a few km² (no park marker there).
VIEW = "() => { window.map.setView([24.86, 117.93], 13, {animate: false}); }"
#: The editor map's live area state (layers/js/live_area.js): mode, vertices, m2, step_ha, rings.
STATE = "() => window.fpaLiveArea && fpaLiveArea.state && JSON.parse(JSON.stringify(fpaLiveArea.state))"
#: How long to wait for the app (a loaded 2-core machine can take tens of seconds for one rerun).
WAIT_S = 2 * TIMEOUT / 1000


def _poll(what: str, probe, page=None):
    """``probe()``'s first truthy value, polled until :data:`WAIT_S` has passed (then fail saying ``what``,
    with a screenshot)."""
    deadline = time.monotonic() + WAIT_S
    while True:
        got = probe()
        if got:
            return got
        if time.monotonic() > deadline:
            if page is not None:
                page.screenshot(path=str(OUTPUT_DIR / "map_edit_timeout.png"), full_page=True)
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.25)


def _state(frame, pred: str) -> dict:
    """The editor map's live area state once ``pred`` (a JS expression of ``s``) holds."""
    js = f"() => {{ const s = ({STATE})(); return !!s && ({pred}); }}"
    try:
        frame.wait_for_function(js, timeout=2 * TIMEOUT)
    except Exception:  # noqa: BLE001 (say what was seen instead)
        frame.page.screenshot(path=str(OUTPUT_DIR / "map_edit_state_timeout.png"), full_page=True)
        raise AssertionError(f"live area state never {pred}: {frame.evaluate(STATE)}") from None
    return frame.evaluate(STATE)


def _place(page, frame, x: float, y: float, n: int) -> None:
    """Click a polygon vertex at page (x, y) and wait until the drawing has ``n`` vertices. Leaflet.draw
    ignores a click within 50 ms of the last vertex (``_disableNewMarkers``), as a person never clicks."""
    page.mouse.click(x, y)
    _state(frame, f"s.mode === 'draw' && s.vertices === {n}")
    page.wait_for_timeout(120)


def _edit_frame(page, *, fresh: bool = False):
    """The editor map's (iframe, frame); ``fresh``: a new one (not marked by :func:`_mark`), with the
    saved park loaded as an editable layer."""
    for _ in range(240):
        el, frame = _map_frame(page, want="leaflet-draw-draw-polygon", timeout_ms=2 * TIMEOUT)
        try:
            ok = not fresh or frame.evaluate(
                "() => !window.__fpa_old && window.drawnItems && window.drawnItems.getLayers().length > 0"
            )
        except Exception:  # noqa: BLE001 (replaced while asking: poll again)
            ok = False
        if ok:
            return el, frame
        page.wait_for_timeout(250)
    raise AssertionError("the editor map did not reload with the saved park")


def _mark(frame) -> None:
    frame.evaluate("() => { window.__fpa_old = true; }")


def _area(page, other_than: float | None = None) -> float:
    """The area the page shows for the drawing (waiting for one other than ``other_than``)."""
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="公顷").first

    def probe() -> float | None:
        hit = AREA.search(alert.inner_text()) if alert.count() else None
        area = float(hit.group(1).replace(",", "")) if hit else None
        return area if area is not None and area != other_than else None

    return _poll(f"an area other than {other_than}", probe, page)


def _draw_square(page, el, frame) -> None:
    """A square drawn with the mouse, each click once the map has taken the one before; the last click on
    the first vertex closes it."""
    el.scroll_into_view_if_needed()
    frame.evaluate(VIEW)
    frame.locator(".leaflet-draw-draw-polygon").click()
    _state(frame, "s.mode === 'draw'")
    box = el.bounding_box()
    corners = [(0.42, 0.40), (0.62, 0.40), (0.62, 0.62), (0.42, 0.62)]
    for i, (fx, fy) in enumerate(corners, start=1):
        _place(page, frame, box["x"] + box["width"] * fx, box["y"] + box["height"] * fy, i)
    page.mouse.click(box["x"] + box["width"] * corners[0][0], box["y"] + box["height"] * corners[0][1])
    _state(frame, "s.mode === 'idle' && s.m2 > 0")


def _fill(page, label: str, value: str) -> None:
    """Type ``value`` into the field ``label`` and leave it (Streamlit takes a text field's value on blur; a
    later click sends it with every other widget's value, so nothing needs to wait here)."""
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Tab")


#: Streamlit shows the last run's elements, marked ``data-stale``, until a rerun ends; and a running icon.
RUNNING = '[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]'
FRESH = '[data-testid="stElementContainer"]:not([data-stale="true"])'


def _idle(page) -> None:
    """Wait until no script run is going on and nothing on the page is stale."""
    page.wait_for_function(
        f"() => !document.querySelector('{RUNNING}') && !document.querySelector('[data-stale=\"true\"]')",
        timeout=2 * TIMEOUT,
    )


def _fresh(page):
    """The page's elements of the current run (never a stale one a rerun is about to replace)."""
    return page.locator(FRESH)


def _settled(page, locator):
    """``locator`` once the page is idle (:func:`_idle`) and it matches one element."""
    _idle(page)
    try:
        _poll("one element", lambda: locator.count() == 1)
    except AssertionError:
        return locator.last
    return locator


def _toggle_edit(page) -> None:
    """Switch the editor on or off (the switch of the current run)."""
    _settled(page, _fresh(page).get_by_text(EDIT)).click()


def _saved_change(page, other_than: int | None = None) -> int:
    """The change number of the "saved" message (waiting for one other than ``other_than``)."""
    msg = page.get_by_text(re.compile(r"已保存（修改编号 \d+）")).first

    def probe() -> int | None:
        n = int(re.search(r"\d+", msg.inner_text()).group()) if msg.count() else None
        return n if n is not None and n != other_than else None

    return _poll("the saved message", probe, page)


def _save(page) -> None:
    _settled(page, _fresh(page).get_by_role("button", name="保存", exact=True)).click()


def test_draw_save_card_gpkg_reshape_undo(
    streamlit_server: str, output_dir: Path, browser: OfflineBrowser
) -> None:
    from playwright.sync_api import expect

    page = browser.page(1600, 1150)
    page.goto(f"{streamlit_server}/map", wait_until="domcontentloaded")
    _map_frame(page, timeout_ms=3 * TIMEOUT)
    _toggle_edit(page)
    el, frame = _edit_frame(page)

    # Draw a square with the mouse: the page measures it (equal-area) and calls it hand-traced.
    _draw_square(page, el, frame)
    first_area = _area(page)
    assert 50 < first_area < 5000, first_area
    expect(page.get_by_text("手绘（在地图上描画，非测绘）").first).to_be_visible()
    page.screenshot(path=str(output_dir / "map_edit_drawn.png"), full_page=True)

    # A figure without a source is refused with a clear message; nothing is saved.
    _fill(page, "中文名称", NAME)
    _fill(page, "名称（中文）", "规划面积")
    _fill(page, "数值", "80")
    _fill(page, "单位", "公顷")
    _fill(page, "年份（空 = 未说明）", "2024")
    _save(page)
    expect(page.get_by_text("必须填写来源").first).to_be_visible(timeout=2 * TIMEOUT)
    page.screenshot(path=str(output_dir / "map_edit_no_source.png"), full_page=True)

    # With a source it is saved as one change.
    _fill(page, "来源（必填）", "测试来源：园区管委会2024年公告")
    _mark(frame)
    _save(page)
    saved = [_saved_change(page)]

    # Reshape: the saved park is loaded for editing; drag one vertex outwards and save the shape.
    el, frame = _edit_frame(page, fresh=True)
    frame.locator(".leaflet-draw-edit-edit").click()
    vertex = frame.locator(".leaflet-editing-icon").first
    vertex.wait_for(timeout=TIMEOUT)
    boxes = [b for b in (v.bounding_box() for v in frame.locator(".leaflet-editing-icon").all()) if b]
    cx = sum(b["x"] for b in boxes) / len(boxes)
    cy = sum(b["y"] for b in boxes) / len(boxes)
    vb = vertex.bounding_box()  # page coordinates (Playwright adds the iframe's offset)
    x, y = vb["x"] + vb["width"] / 2, vb["y"] + vb["height"] / 2
    dx, dy = (60 if x > cx else -60), (60 if y > cy else -60)  # outwards, away from the middle
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y + dy, steps=6)
    page.mouse.up()
    _state(frame, f"s.mode === 'edit' && s.m2 > {first_area * 1e4 * 1.05}")  # the live box has followed
    page.screenshot(path=str(output_dir / "map_edit_vertex_moved.png"))
    frame.get_by_text("保存形状").click()
    reshaped_area = _area(page, other_than=first_area)
    assert reshaped_area > first_area * 1.05, (first_area, reshaped_area)
    _save(page)
    saved.append(_saved_change(page, other_than=saved[0]))
    page.screenshot(path=str(output_dir / "map_edit_reshaped.png"), full_page=True)

    # Leave edit mode: the card of the new park says hand-traced and shows the sourced figure.
    _toggle_edit(page)
    expect(_card(page)).to_contain_text(NAME, timeout=2 * TIMEOUT)
    card = _card(page).inner_text()
    assert (
        "手绘" in card
        and "测试来源：园区管委会2024年公告" in card
        and "测绘边界" not in card.split("几何质量")[-1][:20]
    )

    # The GeoPackage of the shown layers carries it with quality hand_traced.
    with page.expect_download(timeout=2 * TIMEOUT) as dl_info:
        _settled(page, _fresh(page).get_by_role("button", name=re.compile("GeoPackage"))).click()
    gpkg = output_dir / "edited_layers.gpkg"
    dl_info.value.save_as(gpkg)
    import geopandas as gpd
    import pyogrio

    found = []
    for name, _ in pyogrio.list_layers(gpkg):
        frame_ = gpd.read_file(gpkg, layer=name)
        if {"name_zh", "geometry_quality"} <= set(frame_.columns):
            found += frame_[frame_["name_zh"] == NAME]["geometry_quality"].tolist()
    assert found and set(found) == {"hand_traced"}, found

    # Undo both saves: the park is gone from the page search.
    _toggle_edit(page)
    _edit_frame(page)
    for change in reversed(saved):  # the reshape, then the new park
        _settled(page, _fresh(page).get_by_role("button", name=UNDO)).click()
        expect(page.get_by_text(f"已撤销修改 {change}。").first).to_be_visible(timeout=2 * TIMEOUT)
    _toggle_edit(page)
    box = _fresh(page).locator('[data-testid="stSelectbox"]').filter(has_text="查找园区或集群")
    search = _settled(page, box).locator("input")
    search.click()
    search.fill(NAME)
    expect(page.get_by_role("option", name=re.compile(NAME))).to_have_count(0, timeout=TIMEOUT)
    assert page.query_selector_all(IFRAME)
