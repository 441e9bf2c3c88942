#!/usr/bin/python3
"""Open the atlas's GeoPackages in QGIS itself and check every layer (issue 13: "opens in QGIS without
warnings").

Run with the Python that has QGIS (Debian ``python3-qgis``: ``/usr/bin/python3``), not the project's venv::

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/check_qgis.py F.gpkg [G.gpkg …] [--expect E.json]

For each GeoPackage, every table listed in ``gpkg_contents`` is loaded as a QGIS vector layer (OGR provider)
and checked:

* the layer is valid, and QGIS lists exactly the tables of ``gpkg_contents`` as sublayers;
* its geometry type, feature count and CRS are what the file declares (``gpkg_geometry_columns``,
  ``COUNT(*)``, ``srs_id``) and, with ``--expect``, what the writer meant (``gis.io.write.gpkg_manifest``:
  ``{file name: {table: {geometry_type, count, crs, fields: {name: kind}}}}``);
* its fields are typed (integer / real / boolean / date / string as written) and no text field holds JSON
  (a list or an object written as text);
* every feature can be read;
* nothing was logged while loading and reading: no QgsMessageLog message of level Warning or Critical, and no
  GDAL/OGR warning or error (QGIS shows those in its log panel).

Prints one line per layer and a summary; the exit code is 0 when every check passed, 1 otherwise, 2 when QGIS
cannot be imported.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

try:  # QGIS is a system package, not a project dependency: say so plainly when it is missing
    from osgeo import gdal
    from qgis.core import (
        Qgis,
        QgsApplication,
        QgsMessageLog,
        QgsProviderRegistry,
        QgsVectorLayer,
        QgsWkbTypes,
    )
    from qgis.PyQt.QtCore import QVariant
except ImportError as exc:  # pragma: no cover - depends on the machine
    print(
        f"check_qgis: QGIS is not importable by {sys.executable} ({exc}); install python3-qgis",
        file=sys.stderr,
    )
    sys.exit(2)

#: QVariant field types QGIS gives each kind the writer declares.
KINDS: dict[str, set[int]] = {
    "integer": {QVariant.Int, QVariant.LongLong, QVariant.UInt, QVariant.ULongLong},
    "real": {QVariant.Double},
    "boolean": {QVariant.Bool},
    "date": {QVariant.Date},
    "datetime": {QVariant.DateTime},
    "string": {QVariant.String},
}


class Log:
    """Warnings and errors from QGIS (QgsMessageLog) and GDAL while a file is loaded."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        QgsApplication.messageLog().messageReceived.connect(self._qgis)
        gdal.PushErrorHandler(self._gdal)

    def _qgis(self, message: str, tag: str, level: Any) -> None:
        if int(level) >= int(Qgis.Warning):
            self.messages.append(f"QGIS {tag or 'log'} level {int(level)}: {message}")

    def _gdal(self, err_class: int, err_no: int, message: str) -> None:
        if err_class >= gdal.CE_Warning:
            self.messages.append(
                f"GDAL {'warning' if err_class == gdal.CE_Warning else 'error'} {err_no}: {message}"
            )

    def take(self) -> list[str]:
        QgsApplication.processEvents()
        out, self.messages = list(dict.fromkeys(self.messages)), []
        return out


def declared(path: Path) -> dict[str, dict[str, Any]]:
    """What the file itself says about each table (read with sqlite3, not QGIS)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out: dict[str, dict[str, Any]] = {}
        for table, data_type, srs in con.execute("SELECT table_name, data_type, srs_id FROM gpkg_contents"):
            geom = con.execute(
                "SELECT geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (table,)
            ).fetchone()
            srs_id = geom[1] if geom else srs
            auth = con.execute(
                "SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = ?",
                (srs_id,),
            ).fetchone()
            out[table] = {
                "data_type": data_type,
                "geometry_type": geom[0] if geom else None,
                "crs": f"{auth[0].upper()}:{auth[1]}" if geom and auth and auth[1] > 0 else None,
                "count": con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0],
            }
        return out
    finally:
        con.close()


def _geometry_name(layer: QgsVectorLayer) -> str | None:
    if layer.wkbType() in (QgsWkbTypes.NoGeometry, QgsWkbTypes.Unknown):
        return None
    return QgsWkbTypes.displayString(QgsWkbTypes.flatType(layer.wkbType()))


def _is_json_text(value: Any) -> bool:
    if not isinstance(value, str) or value[:1] not in ("[", "{"):
        return False
    try:
        return isinstance(json.loads(value), list | dict)
    except ValueError:
        return False


def check_layer(
    path: Path, table: str, meta: dict[str, Any], expect: dict[str, Any] | None
) -> tuple[dict, list]:
    """Load one table in QGIS; (what QGIS saw, problems)."""
    layer = QgsVectorLayer(f"{path}|layername={table}", table, "ogr")
    problems: list[str] = []
    if not layer.isValid():
        return {"table": table}, [f"{table}: QGIS cannot load it ({layer.error().summary()})"]
    fields = {f.name(): f for f in layer.fields()}
    seen = {
        "table": table,
        "geometry_type": _geometry_name(layer),
        "count": layer.featureCount(),
        "crs": layer.crs().authid() or None if _geometry_name(layer) else None,
        "fields": {n: f.typeName() for n, f in fields.items()},
    }
    want = {k: meta[k] for k in ("geometry_type", "count", "crs")}
    want["geometry_type"] = (want["geometry_type"] or "").title().replace("string", "String") or None
    if want["geometry_type"]:
        want["geometry_type"] = {
            "Multipolygon": "MultiPolygon",
            "Multipoint": "MultiPoint",
            "Multilinestring": "MultiLineString",
            "Linestring": "LineString",
        }.get(want["geometry_type"], want["geometry_type"])
    for key in ("geometry_type", "count", "crs"):
        if seen[key] != want[key]:
            problems.append(f"{table}: {key} is {seen[key]!r} in QGIS, the file declares {want[key]!r}")
        if expect is not None and key in expect and seen[key] != expect[key]:
            problems.append(f"{table}: {key} is {seen[key]!r} in QGIS, the writer meant {expect[key]!r}")
    for name, kind in (expect or {}).get("fields", {}).items():
        if name not in fields:
            problems.append(f"{table}: field {name!r} is missing in QGIS")
        elif fields[name].type() not in KINDS.get(kind, set()):
            problems.append(
                f"{table}: field {name!r} is {fields[name].typeName()} in QGIS, written as {kind}"
            )
    text_fields = [n for n, f in fields.items() if f.type() == QVariant.String]
    n = 0
    json_fields: set[str] = set()
    for feature in layer.getFeatures():
        n += 1
        json_fields |= {name for name in text_fields if _is_json_text(feature[name])}
    problems += [f"{table}: text field {name!r} holds JSON, not typed values" for name in sorted(json_fields)]
    if n != seen["count"]:
        problems.append(f"{table}: read {n} features, QGIS counts {seen['count']}")
    return seen, problems


def check_file(path: Path, expect: dict[str, Any] | None, log: Log) -> list[str]:
    """Check every layer of one GeoPackage; print a line per layer; return the problems."""
    problems: list[str] = []
    meta = declared(path)
    sublayers = {
        d.name() for d in QgsProviderRegistry.instance().querySublayers(str(path)) if d.providerKey() == "ogr"
    }
    if sublayers != set(meta):
        problems.append(f"QGIS lists {sorted(sublayers)}, gpkg_contents lists {sorted(meta)}")
    if expect is not None and set(expect) != set(meta):
        problems.append(f"the file has tables {sorted(meta)}, the writer meant {sorted(expect)}")
    problems += [f"while opening: {m}" for m in log.take()]
    for table in sorted(meta):
        seen, found = check_layer(path, table, meta[table], (expect or {}).get(table))
        found += [f"{table}: {m}" for m in log.take()]
        problems += found
        typed = ", ".join(f"{k}:{v}" for k, v in list(seen.get("fields", {}).items())[:4])
        print(
            f"  {'ok  ' if not found else 'FAIL'} {table}: {seen.get('geometry_type') or 'no geometry'}, "
            f"{seen.get('count')} features, {seen.get('crs') or '-'}; {len(seen.get('fields', {}))} fields "
            f"({typed}{', …' if len(seen.get('fields', {})) > 4 else ''})"
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    """Check the GeoPackages named on the command line; the exit code."""
    parser = argparse.ArgumentParser(prog="check_qgis.py", description=__doc__.splitlines()[0])
    parser.add_argument("gpkg", nargs="+", type=Path, help="GeoPackage files to open in QGIS")
    parser.add_argument(
        "--expect", type=Path, help="JSON of what the writer meant (gis.io.write.gpkg_manifest)"
    )
    args = parser.parse_args(argv)
    expect_all = json.loads(args.expect.read_text(encoding="utf-8")) if args.expect else {}
    app = QgsApplication([], False)
    app.setPrefixPath("/usr", True)
    app.initQgis()
    log = Log()
    total: list[str] = []
    layers = 0
    for path in args.gpkg:
        print(f"{path.name} (QGIS {Qgis.QGIS_VERSION}, GDAL {gdal.__version__}):")
        if not path.is_file():
            total.append(f"{path}: no such file")
            continue
        expect = expect_all.get(path.name) if args.expect else None
        found = check_file(path, expect, log)
        layers += len(declared(path))
        total += [f"{path.name}: {p}" for p in found]
    for problem in total:
        print(f"problem: {problem}")
    verdict = "all clean" if not total else f"{len(total)} problem(s)"
    print(
        f"check_qgis: {len(args.gpkg)} file(s), {layers} layer(s) opened in QGIS {Qgis.QGIS_VERSION}: "
        f"{verdict}"
    )
    QgsMessageLog.logMessage("check_qgis done", "check_qgis", Qgis.Info)
    app.exitQgis()
    return 0 if not total else 1


if __name__ == "__main__":
    sys.exit(main())
