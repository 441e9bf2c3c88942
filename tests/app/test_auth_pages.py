"""AppTest drives the app as a shared server: sign-in first (no data before), roles in the pages, lockout,
drafts per account, the refusal on a network address without an admin, and the desktop default."""

from __future__ import annotations

import re
from collections.abc import Iterator

import geopandas as gpd
import pytest
from shapely.geometry import box
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from app_pages import _upload_budget as upload_budget
from app_pages.i18n import as_text
from gis import auth, store
from gis.settings import ROOT

APP = str(ROOT / "app.py")
DATA, CALC = "app_pages/data.py", "app_pages/calculator.py"
PASSWORDS = {"vera": "viewer-pass", "ed": "editor-pass", "eva": "editor2-pass", "ada": "admin-pass"}


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("FPA_AUTH", "required")
    for name, role in (("vera", "viewer"), ("ed", "editor"), ("eva", "editor"), ("ada", "admin")):
        auth.add_user(name, role, PASSWORDS[name])
    yield


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = "en"
    return at.run()


def _sign_in(name: str, password: str | None = None) -> AppTest:
    at = _app()
    at.text_input(key="auth_name").set_value(name)
    at.text_input(key="auth_password").set_value(PASSWORDS.get(name, "") if password is None else password)
    return at.button[0].click().run()


def _history_table(at: AppTest):  # noqa: ANN202 (a DataFrame)
    """The audit table on the data page (the dataframe with a user column)."""
    return next(d.value for d in at.dataframe if "user" in d.value.columns)


def _texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.error, *at.warning, *at.info, *at.caption, *at.markdown, *at.success)]
    return "\n".join(str(p) for p in parts)


def test_unsigned_page_shows_only_the_sign_in_form(shared: None) -> None:
    at = _app()
    assert not at.exception
    assert [t.key for t in at.text_input] == ["auth_name", "auth_password"]
    assert at.text_input(key="auth_password").proto.type == at.text_input(key="auth_password").proto.PASSWORD
    assert [b.label for b in at.button] == ["登录 / Sign in"]
    assert not at.dataframe and not at.get("file_uploader") and not at.metric
    assert not at.get("iframe") and not at.get("html")


def test_viewer_sees_no_write_controls(shared: None) -> None:
    store.save_scenario(
        "shared plan",
        {"kind": "park_share", "name": "shared plan"},
        user=auth.Actor("ed", "editor"),
        shared=True,
    )
    at = _sign_in("vera")
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(DATA).run()
    assert not at.get("file_uploader") and "view the published data only" in _texts(at)
    keys = {b.key for b in at.button}
    assert not keys & {"data_accept", "data_undo", "data_export"}
    at.switch_page(CALC).run()
    assert not at.exception
    keys = {b.key for b in at.button}
    assert "calc_scn_save" not in keys and "calc_scn_clear" not in keys
    assert "Signed in: vera (viewer)" in _texts(at)


def test_editor_signs_in_and_out(shared: None) -> None:
    at = _sign_in("ed")
    at.switch_page(DATA).run()
    assert at.get("file_uploader")
    at.button(key="auth_sign_out").click().run()
    assert [t.key for t in at.text_input] == ["auth_name", "auth_password"]


def test_drafts_stay_with_their_editor_until_shared(shared: None) -> None:
    at = _sign_in("ed")
    at.switch_page(CALC).run()
    at.text_input(key="calc_scn_name").set_value("ed's draft").run()
    at.button(key="calc_scn_save").click().run()
    assert not at.exception
    other = _sign_in("eva")
    other.switch_page(CALC).run()
    assert "No scenario saved yet." in _texts(other)
    at.button(key="calc_scn_share").click().run()
    other.run()
    assert "ed's draft" in other.selectbox(key="calc_cmp_a").options


def test_five_wrong_passwords_lock_the_account(shared: None) -> None:
    at = _app()
    for _ in range(5):
        at.text_input(key="auth_name").set_value("ed")
        at.text_input(key="auth_password").set_value("not-the-password")
        at.button[0].click().run()
    assert "Account locked" in _texts(at)
    assert "Account locked" in _texts(_sign_in("ed"))  # even the right password, for a while


def test_accepted_boundary_history_names_only_for_the_admin(shared: None) -> None:
    gdf = gpd.GeoDataFrame({"park_id": ["gulei"]}, geometry=[box(117.5, 23.7, 117.6, 23.8)], crs=4326)
    change = store.accept_boundaries(gdf, source_file="survey.zip", user=auth.Actor("ed", "editor"))
    admin = _sign_in("ada")
    admin.switch_page(DATA).run()
    table = _history_table(admin)
    assert table.loc[table["change"] == change, "user"].tolist() == ["ed"]
    viewer = _sign_in("vera")
    viewer.switch_page(DATA).run()
    assert _history_table(viewer)["user"].tolist() == ["another user"]
    assert "data_undo" not in {b.key for b in viewer.button}
    admin.button(key="data_undo").click().run()
    assert store.history().set_index("change_id").loc[change, "undone"]


def test_network_address_without_admin_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FPA_AUTH", "required")
    old = st_config.get_option("server.address")
    st_config.set_option("server.address", "0.0.0.0")
    try:
        at = _app()
    finally:
        st_config.set_option("server.address", old)
    assert "refusing to start" in _texts(at)
    assert "users add --name NAME --role admin" in " ".join(c.value for c in at.code)
    assert not at.text_input


def test_desktop_mode_needs_no_sign_in() -> None:
    at = _app()
    at.switch_page(DATA).run()
    assert not at.exception and at.get("file_uploader")
    assert "auth_name" not in {t.key for t in at.text_input}


@pytest.mark.parametrize(
    "raw",
    [
        "![x](http://evil.example/a.png)",
        '<img src="http://evil.example/b.png">',
        "[click](javascript:alert(1))",
        "see www.evil.example",
        "$x$ and `code`",
    ],
)
def test_as_text_leaves_no_active_markdown(raw: str) -> None:
    shown = as_text(raw)
    assert not re.search(r"(?<!\\)[\[\]<>$`]", shown)  # every bracket, tag, math or code mark is escaped
    assert "://" not in shown and "www." not in shown.lower()  # no bare address to autolink
    assert shown.replace("\\", "") == raw  # only escapes are added: the reader sees what was typed


def test_anonymous_readers_see_published_data_only(shared: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FPA_ANONYMOUS", "1")
    editor = auth.Actor("ed", "editor")
    store.save_scenario("draft", {"kind": "park_share", "name": "draft"}, user=editor)
    store.save_scenario("public", {"kind": "park_share", "name": "public"}, user=editor, shared=True)
    at = _app()
    assert not at.exception and "auth_name" not in {t.key for t in at.text_input}
    assert "published data, read only" in _texts(at)
    at.switch_page(CALC).run()
    assert at.selectbox(key="calc_cmp_a").options == ["public"]
    assert "calc_scn_save" not in {b.key for b in at.button}
    at.switch_page(DATA).run()
    assert not at.get("file_uploader") and "data_export" not in {b.key for b in at.button}
    at.button(key="auth_show_signin_button").click().run()  # an anonymous reader may still sign in
    assert [t.key for t in at.text_input] == ["auth_name", "auth_password"]


PAYLOAD = '![x](http://evil.example/md.png)<img src="http://evil.example/html.png">'


@pytest.fixture
def _no_uploads_left() -> Iterator[None]:
    """AppTest sessions share one upload slot (no script-run context): leave none for the next test."""
    yield
    upload_budget.sweep(idle_s=-1)


@pytest.mark.parametrize(("page", "key"), [("data.py", "data_upload"), ("progress.py", "pg_upload")])
def test_upload_names_and_headers_are_escaped_in_every_markdown_element(
    page: str, key: str, _no_uploads_left: None
) -> None:
    at = AppTest.from_file(str(ROOT / "app_pages" / page), default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    data = f"{PAYLOAD},lat\n{PAYLOAD},oops\n".encode()
    at.file_uploader(key=key).set_value((f"evil{PAYLOAD}.csv", data, "text/csv")).run()
    assert not at.exception
    shown = [
        str(e.value)
        for kind in ("markdown", "caption", "error", "warning", "info", "success")
        for e in getattr(at, kind)
    ]
    assert any("evil.example" in s for s in shown)  # the payload is shown …
    for s in shown:  # … and never as markdown that would fetch or inject
        assert not re.search(r"(?<!\\)!(?<!\\)\[|(?<!\\)<img|https?://", s), s


def test_basemap_section_is_for_admins_only(shared: None) -> None:
    """Registering a basemap serves it to everyone and may name a path on the server: admins only."""
    editor = _sign_in("ed")
    editor.switch_page(DATA).run()
    assert not editor.expander or all("Basemaps" not in e.label for e in editor.expander)
    admin = _sign_in("ada")
    admin.switch_page(DATA).run()
    assert any("Basemaps" in e.label for e in admin.expander)
