"""A shared server (FPA_AUTH=required) in a real browser, several accounts at once, network blocked:
sign-in first and no data before, roles in the pages, drafts per editor, the audit trail with the editor's
name, undo for the admin only, lockout, and markdown/HTML payloads shown as text with no outside request."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from gis import auth, store
from tests.conftest import TEST_DATA, OfflineBrowser, run_streamlit

pytestmark = pytest.mark.browser

PASSWORDS = {"vera": "viewer-pass", "ed": "editor-pass", "eva": "editor2-pass", "ada": "admin-pass"}
ROLES = {"vera": "viewer", "ed": "editor", "eva": "editor", "ada": "admin"}
EVIL = "http://evil.example"
PAYLOAD = f'![x]({EVIL}/md.png)<img src="{EVIL}/html.png">'
OPEN_ALL = """() => {
    const m = Object.values(window).find(v => v instanceof window.L.Map);
    let n = 0;
    m.eachLayer(l => {
        try { if (l.getPopup && l.getPopup()) { l.openPopup(); n++; } } catch (e) {}
        try { if (l.getTooltip && l.getTooltip()) { l.openTooltip(); n++; } } catch (e) {}
    });
    return n;
}"""


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The app as a shared server on a temp store with four accounts; yields (base URL, store path)."""
    store_dir = tmp_path_factory.mktemp("shared_store")
    for name, role in ROLES.items():
        auth.add_user(name, role, PASSWORDS[name], path=store_dir / "users.sqlite")
    with run_streamlit(store_dir, {"FPA_AUTH": "required"}, log_name="streamlit_shared") as base:
        yield base, store_dir / "user_data.gpkg"


#: Sidebar titles of the pages the tests open.
TITLES = {"data": "数据导入", "calculator": "园区占比测算", "progress": "目标进度"}


def _sign_in(browser: OfflineBrowser, base: str, name: str, path: str = "", password: str | None = None):
    """A new browser context signed in as ``name``, on the page ``path`` (opened from the sidebar)."""
    from playwright.sync_api import expect

    page = browser.page(1400, 1000)
    page.goto(base, wait_until="domcontentloaded")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(PASSWORDS[name] if password is None else password)
    page.get_by_role("button", name="登录 / Sign in").click()
    if password is None:
        expect(page.get_by_text(f"已登录：{name} ({ROLES[name]})")).to_be_visible(timeout=90_000)
        if path:
            _go(page, TITLES[path])
    return page


def _go(page, title: str) -> None:
    """Open a page from the sidebar (the same session; a new URL would start a new, signed-out one)."""
    page.get_by_role("link", name=title).first.click()
    page.wait_for_timeout(1500)


def test_unsigned_page_shows_sign_in_and_no_data(
    shared_server: tuple[str, Path], browser: OfflineBrowser
) -> None:
    from playwright.sync_api import expect

    base, _ = shared_server
    for path in ("", "map", "data", "calculator"):
        page = browser.page()
        page.goto(f"{base}/{path}", wait_until="domcontentloaded")
        expect(page.get_by_role("button", name="登录 / Sign in")).to_be_visible(timeout=90_000)
        assert page.get_by_label("密码").get_attribute("type") == "password"
        page.wait_for_timeout(1000)
        body = page.inner_text("body")
        assert "古雷" not in body and "石化" not in body  # no park, no plan figure
        assert page.locator("iframe").count() == 0 and page.locator('input[type="file"]').count() == 0


def test_viewer_sees_no_controls_and_cannot_undo_while_an_editor_works(
    shared_server: tuple[str, Path], browser: OfflineBrowser, output_dir: Path
) -> None:
    from playwright.sync_api import expect

    base, store_path = shared_server
    editor = _sign_in(browser, base, "ed", "data")
    viewer = _sign_in(browser, base, "vera", "data")  # two accounts signed in at once
    # the editor accepts a boundary through the page
    editor.locator('input[type="file"]').first.set_input_files(str(TEST_DATA / "import" / "gbk_no_cpg.zip"))
    editor.get_by_role("button", name=re.compile(r"接受 \d+ 个要素")).click(timeout=120_000)
    expect(editor.get_by_text(re.compile(r"已保存到用户数据库（修改 #\d+）"))).to_be_visible(timeout=90_000)
    hist = store.history(path=store_path)
    change = int(hist.loc[hist["what"] == "accept_boundaries", "change_id"].iloc[0])
    assert hist.set_index("change_id").loc[change, "actor"] == "ed"
    # the viewer: no upload, accept, undo or export on the data page; names of others hidden
    viewer.reload()  # a reload starts a new session: signed out
    expect(viewer.get_by_role("button", name="登录 / Sign in")).to_be_visible(timeout=90_000)
    viewer = _sign_in(browser, base, "vera", "data")
    expect(viewer.get_by_text("您的角色只能查看已发布的数据。")).to_be_visible(timeout=90_000)
    assert viewer.locator('input[type="file"]').count() == 0
    for name in ("撤销", "生成导出文件"):
        assert viewer.get_by_role("button", name=name, exact=True).count() == 0
    with viewer.expect_download() as dl:
        viewer.get_by_role("button", name="导出历史 CSV").click()
    text = Path(dl.value.path()).read_text(encoding="utf-8-sig")
    assert "accept" in text or "接受边界" in text
    assert ",ed," not in text and "其他用户" in text
    _go(viewer, "园区占比测算")
    viewer.get_by_role("tab", name="情景").click(timeout=90_000)
    viewer.wait_for_timeout(1500)
    assert viewer.get_by_role("button", name="保存当前输入").count() == 0
    viewer.screenshot(path=str(output_dir / "auth_viewer_calculator.png"), full_page=True)
    # the admin sees the name in the audit export and undoes the editor's change
    admin = _sign_in(browser, base, "ada", "data")
    with admin.expect_download() as dl:
        admin.get_by_role("button", name="导出历史 CSV").click(timeout=90_000)
    assert ",ed," in Path(dl.value.path()).read_text(encoding="utf-8-sig")
    admin.get_by_role("button", name="撤销", exact=True).click()
    expect(admin.get_by_text(re.compile(r"已撤销修改 #\d+"))).to_be_visible(timeout=90_000)
    assert store.history(path=store_path).set_index("change_id").loc[change, "undone"]
    admin.screenshot(path=str(output_dir / "auth_admin_history.png"), full_page=True)
    assert browser.refused() == []


def test_a_draft_stays_with_its_editor(shared_server: tuple[str, Path], browser: OfflineBrowser) -> None:
    from playwright.sync_api import expect

    base, _ = shared_server
    ed, eva = _sign_in(browser, base, "ed", "calculator"), _sign_in(browser, base, "eva", "calculator")
    ed.get_by_role("tab", name="情景").click(timeout=90_000)
    ed.get_by_label("情景名称").fill("ed 的草稿")
    ed.get_by_label("情景名称").press("Enter")
    ed.wait_for_timeout(1000)
    ed.get_by_role("button", name="保存当前输入").click()
    expect(ed.get_by_text("已保存情景：ed 的草稿")).to_be_visible(timeout=90_000)
    eva.get_by_role("tab", name="情景").click(timeout=90_000)
    expect(eva.get_by_text("尚未保存情景。")).to_be_visible(timeout=90_000)
    ed.get_by_role("button", name="共享给同事").click()
    expect(ed.get_by_text("已共享情景：ed 的草稿")).to_be_visible(timeout=90_000)
    _go(eva, "园区占比测算")
    eva.get_by_role("tab", name="情景").click(timeout=90_000)
    expect(eva.get_by_role("combobox", name="情景 A")).to_have_value("ed 的草稿", timeout=90_000)


def test_five_wrong_passwords_lock(shared_server: tuple[str, Path], browser: OfflineBrowser) -> None:
    from playwright.sync_api import expect

    base, _ = shared_server
    auth.add_user("lin", "editor", "lin-password", path=shared_server[1].with_name("users.sqlite"))
    page = browser.page()
    page.goto(base, wait_until="domcontentloaded")
    for _ in range(5):
        page.get_by_label("用户名").fill("lin")
        page.get_by_label("密码").fill("wrong-password")
        page.get_by_role("button", name="登录 / Sign in").click()
        page.wait_for_timeout(800)
    expect(page.get_by_text(re.compile("账户已锁定"))).to_be_visible(timeout=30_000)
    page.get_by_label("用户名").fill("lin")
    page.get_by_label("密码").fill("lin-password")
    page.get_by_role("button", name="登录 / Sign in").click()
    expect(page.get_by_text(re.compile("账户已锁定"))).to_be_visible(timeout=30_000)


def test_markdown_and_html_payloads_are_text(
    shared_server: tuple[str, Path], browser: OfflineBrowser, tmp_path: Path, output_dir: Path
) -> None:
    """A file name, CSV header and cell, and a scenario name carrying an image and HTML: shown as text,
    nothing fetched (the browser fixture fails the test on any outside request)."""
    from playwright.sync_api import expect

    base, _ = shared_server
    bad = tmp_path / "evil![x](http:__evil.example_f.png).csv"
    bad.write_text(f"{PAYLOAD},lat\n{PAYLOAD},oops\n", encoding="utf-8")
    page = _sign_in(browser, base, "eva", "data")
    page.locator('input[type="file"]').first.set_input_files(str(bad))
    # the error names the CSV's header: the image and the tag are shown as the characters they are
    expect(page.get_by_text(re.compile(re.escape(PAYLOAD))).first).to_be_visible(timeout=90_000)
    # feature properties (name and a property named like the payload) reach the match table and the preview
    feature = {
        "type": "Feature",
        "properties": {"name": PAYLOAD, PAYLOAD: PAYLOAD},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[119.3, 26.0], [119.31, 26.0], [119.31, 26.01], [119.3, 26.0]]],
        },
    }
    parks = tmp_path / f"{PAYLOAD[:8]}.geojson"
    parks.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    page.locator('input[type="file"]').first.set_input_files(str(parks))
    sel = 'iframe[title="streamlit_folium.st_folium"]'
    page.wait_for_selector(sel, state="attached", timeout=90_000)
    page.locator(sel).first.scroll_into_view_if_needed(timeout=90_000)  # an offscreen frame draws nothing
    frame = page.query_selector(sel).content_frame()
    frame.wait_for_function(
        "() => window.L && document.querySelectorAll('.leaflet-overlay-pane path').length >= 1",
        timeout=90_000,
    )
    opened = frame.evaluate(OPEN_ALL)  # every popup and tooltip of the preview, opened
    page.wait_for_timeout(1500)
    assert opened >= 1
    assert frame.locator(f'img[src^="{EVIL}"]').count() == 0
    _go(page, "目标进度")
    page.locator('input[type="file"]').first.set_input_files(str(bad))
    page.wait_for_timeout(4000)
    _go(page, "园区占比测算")
    page.get_by_role("tab", name="情景").click(timeout=90_000)
    page.get_by_label("情景名称").fill(PAYLOAD)
    page.get_by_label("情景名称").press("Enter")
    page.wait_for_timeout(1000)
    page.get_by_role("button", name="保存当前输入").click()
    expect(page.get_by_text(re.compile("已保存情景"))).to_be_visible(timeout=90_000)
    expect(page.get_by_text("已保存情景：" + PAYLOAD)).to_be_visible(timeout=30_000)
    assert page.locator(f'img[src^="{EVIL}"]').count() == 0
    page.screenshot(path=str(output_dir / "auth_payloads.png"), full_page=True)
    assert browser.refused() == []
