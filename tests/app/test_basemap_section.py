"""AppTest drives the data page's basemaps section: the list, adding a package by path, a broken file."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gis.settings import ROOT
from gis.tiles import registry
from tests.samples import tiles

PAGE = str(ROOT / "app_pages" / "data.py")


@pytest.fixture(autouse=True)
def _no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FPA_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.delenv("FPA_BASEMAPS", raising=False)


def _page(lang: str = "zh") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["lang"] = lang
    return at.run()


def _ids(at: AppTest) -> list[str]:
    table = next(d.value for d in at.dataframe if "编号" in d.value.columns or "id" in d.value.columns)
    return list(table.iloc[:, 0])


def _submit(at: AppTest, path: Path, name: str) -> AppTest:
    at.text_input[0].set_value(str(path))
    at.text_input[1].set_value(name)
    next(b for b in at.button if "添加底图" in b.label or "Add basemap" in b.label).click()
    return at.run()


def test_section_lists_basemaps_and_adds_one(tmp_path: Path) -> None:
    at = _page()
    assert not at.exception
    assert {"none", "reference"} <= set(_ids(at))
    at = _submit(at, tiles.make_mbtiles(tmp_path / "a.mbtiles", range(6, 9)), "office")
    assert not at.exception
    assert any("已添加底图 office" in s.value for s in at.success)
    assert "office" in registry.load()
    assert "office" in _ids(at)


def test_broken_file_is_an_error_and_nothing_is_added(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mbtiles"
    bad.write_bytes(b"hello")
    at = _submit(_page("en"), bad, "bad")
    assert not at.exception
    assert any("not an SQLite database" in e.value for e in at.error)
    assert registry.load() == {}


def test_roles_on_a_shared_server(monkeypatch: pytest.MonkeyPatch) -> None:
    from gis import auth
    from tests.app.test_auth_pages import DATA, PASSWORDS, _sign_in

    monkeypatch.setenv("FPA_AUTH", "required")
    for name, role in (("vera", "viewer"), ("ed", "editor"), ("ada", "admin")):
        auth.add_user(name, role, PASSWORDS[name])
    seen = {}
    for name in ("vera", "ed", "ada"):
        at = _sign_in(name)
        at.switch_page(DATA).run()
        assert not at.exception
        labels = [t.label for t in at.text_input]
        seen[name] = (
            any(b.label == "Add basemap" for b in at.button),
            any("path on this server" in label for label in labels),
            "Config file:" in " ".join(str(c.value) for c in at.caption),
        )
    assert seen["vera"] == (False, False, False)  # a viewer's data page has no write controls
    assert seen["ed"] == (True, False, False)  # uploads, no server paths
    assert seen["ada"] == (True, True, True)
