"""Every CSV and XLSX the app and the command lines write reads as a person expects, in the UI language.

:data:`PRODUCERS` lists every export producer with realistic inputs (the function each download button and
each ``--out`` calls). For both languages and both formats: the header row has no machine key (snake_case),
Chinese headers contain Chinese, English headers none; columns of money, areas, distances, coordinates and
raster values name their unit; shares and growth rates are numbers with a percent format (XLSX) or ``12.5%``
(CSV); sources sit in columns of their own; the CSV starts with a UTF-8 BOM; no cell reads ``None`` or
``nan``; the XLSX has a ``columns`` sheet with the machine key of every header.

House rules that keep it so: only :mod:`gis.tablewriter` calls ``to_csv`` / ``to_excel`` / openpyxl's
``Workbook``; every call of ``table_bytes`` passes column specs and a language; and every function that calls
``table_bytes`` is a producer listed here, so a new export cannot skip this test.
"""

from __future__ import annotations

import ast
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
from shapely.geometry import box

from clusters import calculator_view, progress, share
from clusters import parkshare as ps
from clusters.__main__ import main as clusters_main
from clusters.progress.columns import TEMPLATE_SPECS
from clusters.progress_export import comparison_bytes
from gis import raster, store
from gis.__main__ import main as gis_main
from gis.boundaries import load_boundaries
from gis.parks import parks_in_force
from gis.quality_view import quality_bytes, quality_table
from gis.settings import ROOT
from gis.store import audit
from gis.tabular import table_bytes
from tests.samples import firms as firm_samples
from tests.samples.rasters import N, cell_box, cell_centre, parks_frame, value_grid, write_raster

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
#: Machine keys whose column holds an amount in some unit (money, area, distance, degrees, raster values).
NEEDS_UNIT = re.compile(
    r"(^|_)(output|value|actual|area|distance|lon|lat|mean|min|max|sum)(_|$)|yi_yuan|_km2$"
)
#: Unit words a header of such a column names (the units of gis.vocab.EXPORT_UNITS and UNITS).
UNIT_WORDS = {
    "zh": ("亿元", "平方公里", "米", "度", "栅格单位", "单位同企业文件"),
    "en": ("100 million yuan", "km²", "m)", "degrees", "raster units", "unit as in the firm file"),
}
#: Machine keys of shares and growth rates (fractions of 1), written as percentages.
PERCENT_KEY = re.compile(r"share|pct_|growth|fraction|contribution")
NOT_PERCENT = re.compile(r"_from$|_source$|points|_reached$")
LITERAL_MISSING = {"None", "nan", "NaN", "<NA>", "NaT"}


@dataclass(frozen=True)
class Producer:
    """One export: ``make(fmt, lang) -> bytes``, the formats it offers, and whether it carries sources."""

    name: str
    make: Callable[[str, str], bytes]
    formats: tuple[str, ...] = ("csv", "xlsx")
    sources: bool = False


# ------------------------------------------------------------------------------------ realistic inputs
@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("exports")
    parks = parks_frame(
        {"inside": cell_box(3, 2, 7, 5), "edge": cell_box(8, 0, 12, 2), "point": cell_centre(5, 5)}
    )
    classes = np.where(np.arange(N)[None, :] < 5, 1, 2).repeat(N, axis=0).astype("uint8")
    cmap = {0: (0, 0, 0, 0), 1: (230, 0, 0, 255), 2: (0, 160, 0, 255)}
    cat = write_raster(tmp / "landuse.tif", classes, nodata=0, colormap=cmap)
    firm_parks = gpd.GeoDataFrame(
        {"id": ["xm1"], "name_zh": ["厦门测试园"]}, geometry=[box(118.05, 24.45, 118.15, 24.52)], crs=4326
    )
    firms = pd.DataFrame(
        {
            "企业名称": ["甲公司", "乙公司", "丙公司"],
            "lon": [118.10, 118.30, "x"],
            "lat": [24.48, 24.60, 24.48],
            "output": [60.0, 30.0, 10.0],
            "year": 2020,
            "行业": ["电子", "纺织", "电子"],
        }
    )
    catalogue = progress.target_catalogue()
    figures = progress.template_frame("zh").iloc[:3].assign(value=[2100.0, 1300.5, 900.0], source="统计公报")
    upload = progress.read_upload(
        table_bytes(figures, "csv", columns=TEMPLATE_SPECS), name="f.csv", catalogue=catalogue
    )
    cities = share.city_template().assign(
        park_output=np.arange(1.0, 10.0), total_output=np.arange(10.0, 19.0)
    )
    city_table, city_summary = share.read_city_table(_csv(cities), name="cities.csv")
    return {
        "tmp": tmp,
        "zonal": raster.zonal_stats(write_raster(tmp / "v.tif", value_grid(), nodata=-1), parks),
        "zonal_classes": raster.zonal_stats(cat, parks, class_labels={1: "built-up"}),
        "raster": tmp / "v.tif",
        "parkshare": ps.compute_parkshare(firms, ps.build_context(firm_parks, load_boundaries("county"))),
        "comparison": progress.compare(upload.valid, catalogue),
        "cities": (city_table, city_summary),
    }


def _csv(frame: pd.DataFrame) -> bytes:
    return table_bytes(frame, "csv", columns=share.CITY_TEMPLATE_COLUMNS)


def _history(fmt: str, lang: str) -> bytes:
    gdf = gpd.GeoDataFrame({"park_id": ["p1"]}, geometry=[box(118, 25, 118.05, 25.05)], crs=4326)
    store.accept_boundaries(gdf, source_file="边界.zip", note="测试")
    return audit.audit_bytes(audit.audit_rows(store.history(), None, lang), fmt, lang)  # type: ignore[arg-type]


def _zonal(result: raster.ZonalResult) -> Callable[[str, str], bytes]:
    """The raster page's two downloads of a zonal result."""
    return lambda fmt, lang: result.to_csv_bytes(lang) if fmt == "csv" else result.to_xlsx_bytes(lang)


def _zonal_cli(tmp: Path, rast: Path, fmt: str, lang: str) -> bytes:
    out = tmp / f"zonal_{lang}.{fmt}"
    assert gis_main(["raster", "zonal", "--raster", str(rast), "--out", str(out), "--lang", lang]) == 0
    return out.read_bytes()


def _parkshare_cli(tmp: Path, fmt: str, lang: str) -> bytes:
    firms, parks = firm_samples.write_firms(tmp), firm_samples.write_parks(tmp)
    out = tmp / f"parkshare_{lang}.{fmt}"
    args = ["parkshare", "--firms", str(firms), "--parks", str(parks), "--year", "2020", "--out", str(out)]
    assert clusters_main([*args, "--table", "by_city", "--lang", lang]) == 0
    return out.read_bytes()


def producers(i: dict) -> list[Producer]:
    """Every export producer, with the inputs of :func:`inputs`."""
    scen = [
        share.Scenario(name="规划"),
        share.Scenario(
            name="我的",
            base_share=None,
            base_total_output=70000.0,
            base_park_output=42000.0,
            total_growth=0.08,
            park_growth=0.12,
        ),
    ]
    result: ps.ParkShareResult = i["parkshare"]
    cities, summary = i["cities"]
    out = [
        Producer("scenarios", lambda f, lang: share.export_scenarios(scen, f, lang), sources=True),
        Producer("progress template", lambda f, lang: progress.template_bytes(f, lang), sources=True),
        Producer(
            "progress comparison", lambda f, lang: comparison_bytes(i["comparison"], f, lang), sources=True
        ),  # type: ignore[arg-type]
        Producer("zonal", _zonal(i["zonal"])),
        Producer("zonal classes", _zonal(i["zonal_classes"])),
        Producer("zonal CLI --out", lambda f, lang: _zonal_cli(i["tmp"], i["raster"], f, lang)),
        Producer(
            "data quality",
            lambda f, lang: quality_bytes(quality_table(parks_in_force(), lang), f, lang),
            sources=True,
        ),  # type: ignore[arg-type]
        Producer("history", _history),
        Producer("city template", lambda f, lang: share.city_template_bytes(f, lang)),  # type: ignore[arg-type]
        Producer(
            "city results",
            lambda f, lang: calculator_view.city_export_bytes(cities, summary, f, lang),
            sources=True,
        ),  # type: ignore[arg-type]
        Producer("firm share workbook", lambda f, lang: result.workbook_bytes(lang), formats=("xlsx",)),
        Producer("firm share CLI --out", lambda f, lang: _parkshare_cli(i["tmp"], f, lang)),
    ]
    for name in ps.DOWNLOADS:
        out.append(Producer(f"firm share {name}", lambda f, lang, n=name: result.table_bytes(n, f, lang)))  # type: ignore[misc]
    return out


#: What the producers above exercise: every function that calls ``table_bytes`` (checked below).
COVERED = {
    "clusters/share/scenarios.py:to_csv_bytes",
    "clusters/share/scenarios.py:to_xlsx_bytes",
    "clusters/progress/template.py:template_bytes",
    "clusters/progress_export.py:comparison_bytes",
    "gis/raster/zonal_export.py:zonal_bytes",
    "gis/quality_view.py:quality_bytes",
    "gis/store/audit.py:audit_bytes",
    "clusters/share/cities.py:city_template_bytes",
    "clusters/calculator_view.py:city_export_bytes",
    "clusters/parkshare/tables.py:download_bytes",
    "clusters/parkshare/tables.py:workbook_bytes",
    "clusters/targets_export.py:targets_workbook",
    "clusters/targets_export.py:sectors_csv",
}
PRODUCER_NAMES = [
    "scenarios",
    "progress template",
    "progress comparison",
    "zonal",
    "zonal classes",
    "zonal CLI --out",
    "data quality",
    "history",
    "city template",
    "city results",
    "firm share workbook",
    "firm share CLI --out",
    *(f"firm share {n}" for n in ps.DOWNLOADS),
]


# --------------------------------------------------------------------------------------------- reading
def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "a CSV for Excel starts with a UTF-8 BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _sheets(data: bytes) -> tuple[dict[str, list[list[openpyxl.cell.Cell]]], dict[tuple[str, str], str]]:
    """The data sheets' rows, and ``(sheet, header) → machine key`` from the ``columns`` sheet."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert "columns" in book.sheetnames, "an XLSX export lists its machine keys in a 'columns' sheet"
    keys: dict[tuple[str, str], str] = {}
    for row in book["columns"].iter_rows(min_row=2, values_only=True):
        sheet, key, zh, en = row[:4]
        keys[(str(sheet), str(zh))] = str(key)
        keys[(str(sheet), str(en))] = str(key)
    data_sheets = {
        ws.title: [list(r) for r in ws.iter_rows()] for ws in book.worksheets if ws.title != "columns"
    }
    return data_sheets, keys


def _check_headers(headers: list[str], lang: str, where: str) -> None:
    for h in headers:
        assert h and not SNAKE.match(h) and "_" not in h, f"{where}: machine key {h!r} as a header"
        if lang == "zh":
            assert CJK.search(h), f"{where}: Chinese header without Chinese: {h!r}"
        else:
            assert not CJK.search(h), f"{where}: Chinese in an English header: {h!r}"


def _check_unit(key: str, header: str, lang: str, where: str) -> None:
    if NEEDS_UNIT.search(key) and not _is_percent_key(key) and not key.endswith(("_source", "_note")):
        assert any(w in header for w in UNIT_WORDS[lang]), f"{where}: {key} → {header!r} names no unit"


def _is_percent_key(key: str) -> bool:
    return bool(PERCENT_KEY.search(key)) and not NOT_PERCENT.search(key)


@pytest.fixture(scope="module")
def made(inputs: dict) -> dict[str, Producer]:
    return {p.name: p for p in producers(inputs)}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", PRODUCER_NAMES)
def test_xlsx_reads_as_people_expect(name: str, lang: str, made: dict[str, Producer]) -> None:
    producer = made[name]
    if "xlsx" not in producer.formats:
        pytest.skip("CSV only")
    sheets, keys = _sheets(producer.make("xlsx", lang))
    sources = 0
    for title, rows in sheets.items():
        where = f"{name} [{lang}] sheet {title}"
        headers = [str(c.value) for c in rows[0]]
        _check_headers(headers, lang, where)
        for pos, header in enumerate(headers):
            key = keys.get((title, header))
            assert key is not None, f"{where}: {header!r} is not in the columns sheet"
            _check_unit(key, header, lang, where)
            sources += key.endswith("source") or key == "sources"
            cells = [r[pos] for r in rows[1:] if r[pos].value is not None]
            if _is_percent_key(key):
                assert cells, f"{where}: no values to check in {key}"
                for c in cells:
                    assert c.data_type == "n" and "%" in c.number_format, f"{where}: {key} {c.value!r}"
        values = {str(c.value) for r in rows for c in r if c.value is not None}
        assert not values & LITERAL_MISSING, f"{where}: literal {values & LITERAL_MISSING}"
    assert not producer.sources or sources, f"{name}: its sources have no column of their own"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", PRODUCER_NAMES)
def test_csv_reads_as_people_expect(name: str, lang: str, made: dict[str, Producer]) -> None:
    producer = made[name]
    if "csv" not in producer.formats:
        pytest.skip("XLSX only")
    rows = _csv_rows(producer.make("csv", lang))
    where = f"{name} [{lang}] CSV"
    _check_headers(rows[0], lang, where)
    assert not {c for r in rows for c in r} & LITERAL_MISSING, where
    if "xlsx" not in producer.formats:
        return
    sheets, keys = _sheets(producer.make("xlsx", lang))
    first = next(iter(sheets.items()))
    assert rows[0] == [str(c.value) for c in first[1][0]], f"{where}: headed as the XLSX"
    for pos, header in enumerate(rows[0]):
        if _is_percent_key(keys[(first[0], header)]):
            cells = [r[pos] for r in rows[1:] if r[pos]]
            assert cells and all(c.endswith("%") for c in cells), f"{where}: {header} {cells[:3]}"


# ------------------------------------------------------------------------------------------ house rules
CODE = [p for d in ("gis", "clusters", "layers", "app_pages") for p in sorted((ROOT / d).rglob("*.py"))]


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _calls(tree: ast.AST) -> list[tuple[str, ast.Call]]:
    """Every call in ``tree`` with the name of the function (or method) it sits in."""
    out: list[tuple[str, ast.Call]] = []

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            here = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else where
            if isinstance(child, ast.Call):
                out.append((here, child))
            visit(child, here)

    visit(tree, "<module>")
    return out


def _callee(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def test_only_the_table_writer_writes_csv_or_xlsx() -> None:
    writers = {"to_csv", "to_excel", "ExcelWriter", "Workbook", "writer", "DictWriter"}
    found = []
    for path in CODE:
        for _, call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            name = _callee(call)
            if name in {"writer", "DictWriter"} and not (
                isinstance(call.func, ast.Attribute) and getattr(call.func.value, "id", "") == "csv"
            ):
                continue
            if name in writers and _rel(path) != "gis/tablewriter.py":
                found.append(f"{_rel(path)}:{call.lineno} {name}")
    assert found == [], "write tables with gis.tabular.table_bytes (headers, units, BOM): " + ", ".join(found)


def test_every_table_bytes_call_is_headed_in_a_language_and_listed_here() -> None:
    bare, sites = [], set()
    for path in CODE:
        if _rel(path) == "gis/tablewriter.py":
            continue
        for where, call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(call.func, ast.Name) and call.func.id == "table_bytes"):
                continue
            words = {k.arg for k in call.keywords}
            if not {"columns", "lang"} <= words:
                bare.append(f"{_rel(path)}:{call.lineno}")
            sites.add(f"{_rel(path)}:{where}")
    assert bare == [], "table_bytes without columns= and lang= writes machine keys: " + ", ".join(bare)
    assert sites == COVERED, "a new export producer: add it to PRODUCERS and COVERED in this test"


def test_cli_out_of_another_type_is_refused_before_the_work(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    args = ["parkshare", "--firms", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "x.txt")]
    assert clusters_main(args) == 1
    err = capsys.readouterr().err
    assert "--out must end in .csv or .xlsx" in err and "missing.csv" not in err and "Traceback" not in err
