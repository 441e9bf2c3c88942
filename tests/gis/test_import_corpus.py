"""Table-driven: every file of the import corpus gives its documented exit code and message.

The corpus and ``cases.json`` are built by ``tests/data/import/make_corpus.py``.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys

import pytest

from gis.__main__ import main
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "data" / "import"
CASES = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def test_corpus_is_large_and_complete() -> None:
    files = {c["file"] for c in CASES}
    assert len(files) >= 30
    assert {c["exit"] for c in CASES} == {0, 1}
    for name in files:
        assert (CORPUS / name).exists(), name


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c['file']}{'|' + ' '.join(c['args']) if c['args'] else ''}" for c in CASES]
)
def test_case(case: dict) -> None:
    code, out, err = _run(["check", str(CORPUS / case["file"]), *case["args"]])
    assert code == case["exit"], (out, err)
    assert "Traceback" not in out + err
    assert case["message"] in out + err
    if code == 1:
        # one line on stderr, naming the file
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: ")
        assert case["file"] in lines[0]
    else:
        assert out.startswith(f"OK: {case['file']}")


@pytest.mark.parametrize("name", ["gk39_prefix_no_prj.zip", "zip_slip.zip", "ok_polygons.geojson"])
def test_json_output(name: str) -> None:
    code, out, _ = _run(["check", str(CORPUS / name), "--json"])
    doc = json.loads(out)
    assert doc["ok"] is (code == 0)
    if name == "gk39_prefix_no_prj.zip":
        assert doc["error"] == "CRSConfirmationNeeded"
        assert doc["suggestions"][0]["crs"] == "EPSG:4527"
    if name == "ok_polygons.geojson":
        assert doc["features_usable"] == 2
        assert doc["crs"].startswith("EPSG:4326")


@pytest.mark.parametrize(
    "name,expected", [("bowtie.geojson", 0), ("zip_bomb.zip", 1), ("no_such_file.geojson", 1)]
)
def test_subprocess_no_traceback(name: str, expected: int) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "gis", "check", str(CORPUS / name)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == expected
    assert "Traceback" not in proc.stderr


def test_unexpected_error_reported_as_such(monkeypatch: pytest.MonkeyPatch) -> None:
    import gis.io

    def boom(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(gis.io, "read_vector", boom)
    code, out, err = _run(["check", str(CORPUS / "ok_polygons.geojson")])
    assert code == 3
    assert "unexpected internal error" in err and "ZeroDivisionError" in err
    assert "Traceback" not in err


def test_usage_error_exit_2() -> None:
    with pytest.raises(SystemExit) as info, contextlib.redirect_stderr(io.StringIO()):
        main(["check", "x.geojson", "--coords", "mars"])
    assert info.value.code == 2
