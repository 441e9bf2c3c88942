"""Atomic writes: all or nothing, and shareable permissions (not mkstemp's private 0600)."""

from __future__ import annotations

import os
import stat

import pytest

from gis.fileio import atomic_path


def test_success_replaces_with_normal_permissions(tmp_path):
    dest = tmp_path / "sub" / "map.html"
    with atomic_path(dest) as tmp:
        assert not tmp.exists() and tmp.parent == dest.parent
        tmp.write_text("new", encoding="utf-8")
    assert dest.read_text(encoding="utf-8") == "new"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(dest.stat().st_mode) == 0o666 & ~umask
    assert list(dest.parent.iterdir()) == [dest]


def test_failure_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    dest = tmp_path / "parks.geojson"
    dest.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(dest) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("crash mid-write")
    assert dest.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [dest]
