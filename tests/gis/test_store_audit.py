"""The store's audit trail (who, what, which parks, before/after), append-only history, role checks in the
domain, private scenario drafts, old stores migrated, and a damaged store degrading to the shipped parks."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from gis import auth, store
from gis.parks import parks_in_force, store_problem
from gis.shipped import load_parks
from gis.store import audit
from gis.store.edits import save_park_edit

VIEWER, EDITOR, EDITOR2, ADMIN = (
    auth.Actor("vera", "viewer"),
    auth.Actor("ed", "editor"),
    auth.Actor("eva", "editor"),
    auth.Actor("ada", "admin"),
)


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FPA_AUTH", "required")


def _parks(ids: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"park_id": ids},
        geometry=[box(118 + i / 10, 25, 118.05 + i / 10, 25.05) for i in range(len(ids))],
        crs=4326,
    )


def test_history_names_user_parks_and_before_after(shared: None) -> None:
    pid = str(load_parks().index[0])
    first = store.accept_boundaries(_parks([pid]), source_file="survey.zip", note="bureau", user=EDITOR)
    second = store.accept_boundaries(_parks([pid, ""]), source_file="again.zip", user=EDITOR2)
    hist = store.history().set_index("change_id")
    assert hist.loc[first, "actor"] == "ed" and hist.loc[second, "actor"] == "eva"
    assert hist.loc[first, "source_file"] == "survey.zip"
    assert hist.loc[first, "keys_before"] == {"boundaries": {pid: None}}
    assert hist.loc[second, "keys_before"]["boundaries"][pid] == first
    assert pid in hist.loc[second, "parks"] and f"user-{second}-2" in hist.loc[second, "parks"]
    assert set(store.load_user_boundaries()["park_id"]) == {pid, f"user-{second}-2"}


def test_viewer_cannot_write_and_nobody_signed_in_cannot_either(shared: None) -> None:
    for user in (VIEWER, None, auth.DESKTOP):
        with pytest.raises(auth.PermissionDenied):
            store.accept_boundaries(_parks(["x"]), source_file="f.zip", user=user)
        with pytest.raises(auth.PermissionDenied):
            store.save_scenario("s", {"a": 1}, user=user)
        with pytest.raises(auth.PermissionDenied):
            store.save_figures(pd.DataFrame({"value": [1]}), "f.csv", user=user)
    assert store.history().empty


def test_undo_of_another_users_change_is_admin_only(shared: None) -> None:
    change = store.accept_boundaries(_parks(["p1"]), source_file="f.zip", user=EDITOR)
    with pytest.raises(auth.PermissionDenied):
        store.undo(change, user=VIEWER)
    with pytest.raises(auth.PermissionDenied, match="admin"):
        store.undo(change, user=EDITOR2)
    undo_row = store.undo(change, user=ADMIN)
    hist = store.history().set_index("change_id")
    assert hist.loc[change, "undone"] and hist.loc[undo_row, "actor"] == "ada"
    assert hist.loc[undo_row, "target"] == change and hist.loc[undo_row, "parks"] == ["p1"]
    assert store.load_user_boundaries().empty
    store.undo(undo_row, user=ADMIN)  # redo
    assert not store.history().set_index("change_id").loc[change, "undone"]
    own = store.save_scenario("mine", {"a": 1}, user=EDITOR2)
    store.undo(own, user=EDITOR2)  # an editor undoes their own change


def test_history_is_append_only(_isolated_user_store: Path) -> None:
    change = store.save_scenario("s", {"a": 1})
    store.undo(change)
    con = sqlite3.connect(_isolated_user_store)
    try:
        for sql in ("UPDATE history SET actor = 'x'", "DELETE FROM history"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                con.execute(sql)
    finally:
        con.close()
    assert len(store.history()) == 2


def test_drafts_are_private_until_shared(shared: None) -> None:
    store.save_scenario("plan A", {"a": 1}, user=EDITOR)
    store.save_scenario("plan B", {"b": 1}, user=EDITOR2)
    assert set(store.load_scenarios(user=EDITOR)) == {"plan A"}
    assert set(store.load_scenarios(user=EDITOR2)) == {"plan B"}
    assert store.load_scenarios(user=VIEWER) == {}
    store.share_scenario("plan A", user=EDITOR)
    assert set(store.load_scenarios(user=EDITOR2)) == {"plan A", "plan B"}
    assert set(store.load_scenarios(user=VIEWER)) == {"plan A"}
    listed = store.list_scenarios(user=EDITOR2).set_index("name")
    assert listed.loc["plan A", "shared"] and not listed.loc["plan A", "mine"]
    with pytest.raises(auth.PermissionDenied):
        store.load_scenarios(user=None)


def test_clearing_scenarios_is_one_change_and_only_ones_own(shared: None) -> None:
    for i in range(6):
        store.save_scenario(f"s{i}", {"i": i}, user=EDITOR)
    store.save_scenario("theirs", {"t": 1}, user=EDITOR2, shared=True)
    before = len(store.history())
    change = store.delete_scenarios([*store.load_scenarios(user=EDITOR)], user=EDITOR)
    assert len(store.history()) == before + 1
    assert set(store.load_scenarios(user=EDITOR)) == {"theirs"}  # a colleague's shared one stays
    store.undo(change, user=EDITOR)
    assert len(store.load_scenarios(user=EDITOR)) == 7


def test_desktop_mode_needs_no_user_and_records_desktop() -> None:
    store.save_scenario("s", {"a": 1})
    assert store.history()["actor"].tolist() == ["desktop"]
    assert store.load_scenarios() == {"s": {"a": 1}}


def test_an_old_store_is_migrated(_isolated_user_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store made before the audit columns: rows kept, old scenarios stay visible to all, old undo kept."""
    store.init_store(_isolated_user_store)
    con = sqlite3.connect(_isolated_user_store)
    con.executescript(
        """DROP TRIGGER history_append_only_update; DROP TRIGGER history_append_only_delete;
        ALTER TABLE history DROP COLUMN actor; ALTER TABLE history DROP COLUMN parks;
        ALTER TABLE history DROP COLUMN keys_before; ALTER TABLE history DROP COLUMN keys_after;
        ALTER TABLE scenarios DROP COLUMN owner; ALTER TABLE scenarios DROP COLUMN shared;
        INSERT INTO history (what, at, note, n_rows, undone) VALUES ('save_scenario', 't1', 'old', 1, 1);
        INSERT INTO history (what, at, note, n_rows, target) VALUES ('undo', 't2', 'undo', 0, 1);
        INSERT INTO history (what, at, note, n_rows) VALUES ('save_scenario', 't3', 'kept', 1);
        INSERT INTO scenarios (name, data, saved_at, change_id, current)
        VALUES ('old', '{"a": 1}', 't1', 1, 0);
        INSERT INTO scenarios (name, data, saved_at, change_id) VALUES ('kept', '{"k": 1}', 't3', 3);"""
    )
    con.close()
    hist = store.history().set_index("change_id")
    assert hist.loc[1, "undone"] and hist.loc[3, "actor"] == "desktop"
    monkeypatch.setenv("FPA_AUTH", "required")
    assert store.load_scenarios(user=VIEWER) == {"kept": {"k": 1}}
    monkeypatch.delenv("FPA_AUTH")
    store.undo(2)  # redo the old undo
    assert set(store.load_scenarios()) == {"old", "kept"}


def _damage(path: Path) -> None:
    ids = list(load_parks().index)
    for k in range(30):
        store.accept_boundaries(
            gpd.GeoDataFrame(
                {"park_id": ids[k % len(ids)]},
                index=[0],
                geometry=[box(118, 25, 118.2, 25.2).buffer(0.01, 256)],
                crs=4326,
            ),
            source_file=f"f{k}.zip",
            path=path,
        )
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 2)
        fh.write(os.urandom(8192))


def test_a_partly_corrupted_store_falls_back_to_shipped_parks(tmp_path: Path) -> None:
    path = tmp_path / "s.gpkg"
    _damage(path)
    found = store.check_store(path)
    assert not found.ok and found.problems
    parks = parks_in_force(path)
    assert len(parks) == len(load_parks()) and set(parks["provenance"]) == {"shipped"}
    problem = store_problem(path)
    assert problem is not None and "damaged" in str(problem) and "gis store restore" in str(problem)
    assert str(tmp_path) not in str(problem)  # no server path in what pages show


def test_audit_view_hides_other_names_except_for_admins(shared: None) -> None:
    store.accept_boundaries(_parks(["p1"]), source_file="a.zip", user=EDITOR)
    store.save_scenario("s", {"a": 1}, user=EDITOR2)
    hist = store.history()
    admin_view = audit.audit_table(hist, ADMIN, "en")
    assert sorted(admin_view["user"]) == ["ed", "eva"]
    mine = audit.audit_table(hist, EDITOR, "en")
    assert sorted(mine["user"]) == ["another user", "ed"]
    assert audit.audit_table(hist, VIEWER, "zh")["用户"].tolist() == ["其他用户", "其他用户"]
    assert audit.actor_choices(hist, VIEWER) == [] and audit.actor_choices(hist, ADMIN) == ["ed", "eva"]
    assert audit.audit_table(hist, ADMIN, "en", park="p1")["change"].tolist() == [1]
    assert audit.audit_table(hist, ADMIN, "en", actor="eva")["change"].tolist() == [2]
    assert list(audit.undo_choices(hist, EDITOR, "en")) == [1]
    assert list(audit.undo_choices(hist, ADMIN, "en")) == [2, 1]
    assert audit.undo_choices(hist, VIEWER, "en") == {}


def test_map_edits_check_the_role_and_name_their_editor(shared: None) -> None:
    shape = box(119.3, 26.0, 119.31, 26.01)
    with pytest.raises(auth.PermissionDenied):
        save_park_edit(None, geometry=shape, attributes={"name_zh": "测试园区"}, user=VIEWER)
    change, pid = save_park_edit(None, geometry=shape, attributes={"name_zh": "测试园区"}, user=EDITOR)
    row = store.history().set_index("change_id").loc[change]
    assert row["actor"] == "ed" and row["parks"] == [pid] and pid == f"user-edit-{change}"
    with pytest.raises(auth.PermissionDenied, match="admin"):
        store.undo(change, user=EDITOR2)
    store.undo(change, user=EDITOR)
