"""Cell values: GeoPackage geometry blobs and JSON-ready values."""

from __future__ import annotations

import datetime as dt
import math
import struct
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import shapely

from gis.errors import StoreError

# ---------------------------------------------------------------- GeoPackage geometry blobs


def _to_blob(geom: Any) -> bytes | None:
    """Encode a shapely geometry as a GeoPackage binary (header + envelope + little-endian WKB), SRS 4326."""
    if geom is None:
        return None
    if geom.is_empty:
        return b"GP\x00" + bytes([0b00010001]) + struct.pack("<i", 4326) + shapely.to_wkb(geom, byte_order=1)
    minx, miny, maxx, maxy = geom.bounds
    header = (
        b"GP\x00" + bytes([0b00000011]) + struct.pack("<i", 4326) + struct.pack("<4d", minx, maxx, miny, maxy)
    )
    return header + shapely.to_wkb(geom, byte_order=1, output_dimension=2)


def _from_blob(blob: bytes | None) -> Any:
    """Decode a GeoPackage geometry blob."""
    if blob is None:
        return None
    blob = bytes(blob)
    if blob[:2] != b"GP":
        raise StoreError(
            "a geometry in the store is not a GeoPackage blob",
            field="geom",
            hint="the store was edited by another program; export it from QGIS again",
        )
    flags = blob[3]
    env = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get((flags >> 1) & 0b111, 0)
    return shapely.from_wkb(blob[8 + env :])


_ENVELOPE = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _from_blobs(blobs: list[bytes | None]) -> np.ndarray:
    """Decode many GeoPackage geometry blobs at once (one vectorised WKB parse; as :func:`_from_blob`)."""
    wkb: list[bytes | None] = []
    for blob in blobs:
        if blob is None:
            wkb.append(None)
            continue
        if blob[:2] != b"GP":
            _from_blob(blob)  # raises the StoreError naming the problem
        wkb.append(bytes(blob[8 + _ENVELOPE.get((blob[3] >> 1) & 0b111, 0) :]))
    return shapely.from_wkb(np.asarray(wkb, dtype=object))


# ---------------------------------------------------------------- JSON helpers


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        f = float(value)
        return None if not math.isfinite(f) else f
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, np.ndarray):
        return [_jsonable(v) for v in value.tolist()]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (str, int, bool)):
        return value
    return str(value)
