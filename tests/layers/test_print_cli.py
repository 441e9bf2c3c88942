"""``python -m layers print``: sheets and atlases written, hostile names printed as text, bad input → exit 1
with one line."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: very long, yet under the import limit (gis.matching.MAX_NAME_CHARS, 200; a longer name is skipped and
#: reported by the reader); a 300-character name straight from the API is in test_print_sheet.py
LONG = "长" * 95 + "x" * 95
HOSTILE = ["<script>x()</script>", "${jndi:ldap://x}", "$x^2$ 园区", "工厂🏭园区", LONG]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "layers", "print", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def hostile_parks(tmp_path: Path) -> Path:
    # far apart (the label placer has room for each): Nanping, Fuzhou, Longyan, Zhangzhou, Ningde
    where = [(118.1, 27.4), (119.3, 26.1), (116.9, 25.1), (117.6, 24.5), (119.6, 26.9)]
    feats = [
        {"type": "Feature", "properties": {"name": n}, "geometry": {"type": "Point", "coordinates": list(xy)}}
        for n, xy in zip(HOSTILE, where, strict=True)
    ]
    p = tmp_path / "mine.geojson"
    p.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False), "utf-8")
    return p


def test_hostile_names_print_as_text(tmp_path: Path, hostile_parks: Path) -> None:
    out = tmp_path / "sheet.pdf"
    proc = _run(
        "--out", str(out), "--layers", "province,cities", "--parks", str(hostile_parks), "--lang", "en"
    )
    assert proc.returncode == 0, proc.stderr
    txt = _text(out)
    for name in HOSTILE[:4]:
        assert name in txt, name
    assert (
        LONG[:10] in txt and "…" in txt and LONG not in txt
    )  # a label is cut, never a paragraph over the map
    assert "My parks (user file)" in txt and "user input" in txt


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--paper", "letter"], "paper"),
        (["--layers", "nope"], "unknown layer"),
        (["--dpi", "lots"], "dpi"),
        (["--dpi", "5000"], "dpi"),
        (["--sector", "99"], "sector"),
        (["--lang", "fr"], "lang"),
        (["--atlas", "town"], "atlas"),
        (["--parks", "/no/such/file.geojson"], "file not found"),
        (["--bogus"], "unrecognized"),
    ],
)
def test_bad_input_exits_1_with_one_line(tmp_path: Path, args: list[str], needle: str) -> None:
    proc = _run("--out", str(tmp_path / "x.pdf"), *args)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("layers print: error:"), proc.stderr
    assert needle in lines[0]
    assert "Traceback" not in proc.stderr and not (tmp_path / "x.pdf").exists()


def test_bad_suffix_exits_1(tmp_path: Path) -> None:
    proc = _run("--out", str(tmp_path / "x.docx"))
    assert proc.returncode == 1 and "format" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_atlas_of_cities_has_nine_pages(tmp_path: Path) -> None:
    out = tmp_path / "atlas.pdf"
    proc = _run("--out", str(out), "--atlas", "city", "--layers", "province,cities,petrochem", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           9" in info
    txt = _text(out)
    pages = txt.split("\f")
    assert "Fuzhou City" in pages[0] and "Ningde City" in pages[8]
    assert all("Key figures" in p and "source" in p for p in pages[:9])


def test_atlas_of_bases_as_zip_of_pngs(tmp_path: Path) -> None:
    out = tmp_path / "bases.zip"
    proc = _run(
        "--out", str(out), "--atlas", "petrochem", "--dpi", "50", "--layers", "province,cities,petrochem"
    )
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert len(names) == 3 and all(n.endswith(".png") for n in names)
        assert all(zf.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in names)


def test_sector_sheet_svg(tmp_path: Path) -> None:
    out = tmp_path / "s.svg"
    proc = _run("--out", str(out), "--sector", "1", "--lang", "en", "--title", "Box 10 #1")
    assert proc.returncode == 0, proc.stderr
    svg = out.read_text("utf-8")
    assert "Box 10 #1" in svg and "<svg" in svg
