"""Local tile packages (MBTiles, XYZ folders, GeoTIFF), the registry beside the store, configured services
and WMTS capabilities (gis.tiles)."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from gis.errors import AtlasError, FileFormatError
from gis.settings import user_basemaps_dir
from gis.tiles import folder, mbtiles, registry, services, wmts
from gis.tiles.package import tile_bounds
from tests.samples import tiles

CAPS = Path(__file__).resolve().parent.parent / "data" / "wmts" / "capabilities.xml"


@pytest.fixture(autouse=True)
def _no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FPA_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.delenv("FPA_BASEMAPS", raising=False)


def test_mbtiles_inspect_reads_metadata_and_rows(tmp_path: Path) -> None:
    p = mbtiles.inspect(tiles.make_mbtiles(tmp_path / "a.mbtiles", range(6, 10)))
    assert (p.kind, p.format, p.scheme, p.minzoom, p.maxzoom) == ("mbtiles", "png", "tms", 6, 9)
    assert p.bounds == tiles.BOUNDS
    assert p.tiles == len(tiles.addresses(range(6, 10)))
    assert p.attribution == "© test office"


@pytest.mark.parametrize("fmt", ["png", "jpg", "webp"])
def test_mbtiles_formats_and_tms_flip(tmp_path: Path, fmt: str) -> None:
    path = tiles.make_mbtiles(tmp_path / f"a.{fmt}.mbtiles", range(8, 10), fmt=fmt, metadata={"format": None})
    pkg = mbtiles.inspect(path)
    assert pkg.format == fmt
    z, x, y = tiles.addresses(range(9, 10))[0]
    assert mbtiles.MBTilesReader(path, pkg.scheme).tile(z, x, y) == tiles.tile_image(z, x, y, fmt)
    assert mbtiles.MBTilesReader(path, pkg.scheme).tile(z, x, 0) is None


def test_xyz_rows_in_mbtiles_are_detected_from_bounds(tmp_path: Path) -> None:
    path = tiles.make_mbtiles(tmp_path / "x.mbtiles", range(8, 10), scheme="xyz")
    pkg = mbtiles.inspect(path)
    assert pkg.scheme == "xyz" and pkg.notes
    z, x, y = tiles.addresses(range(9, 10))[-1]
    assert mbtiles.MBTilesReader(path, "xyz").tile(z, x, y) == tiles.tile_image(z, x, y)


def test_stated_scheme_wins(tmp_path: Path) -> None:
    path = tiles.make_mbtiles(tmp_path / "s.mbtiles", range(8, 9), scheme="xyz", metadata={"scheme": "xyz"})
    assert mbtiles.inspect(path).scheme == "xyz"


def _corrupt(path: Path, sql: str) -> Path:
    con = sqlite3.connect(path)
    con.execute(sql)
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.write_bytes(b"not a database at all") and p, "not an SQLite"),
        (lambda p: _corrupt(tiles.make_mbtiles(p), "DROP TABLE tiles"), "no 'tiles' table"),
        (lambda p: _corrupt(tiles.make_mbtiles(p), "DELETE FROM tiles"), "no tiles"),
        (
            lambda p: _corrupt(
                tiles.make_mbtiles(p), "UPDATE tiles SET tile_data = x'' WHERE zoom_level = 7"
            ),
            "0 bytes",
        ),
        (lambda p: tiles.make_mbtiles(p, metadata={"bounds": "118,24.6,117,24.4"}), "bounds"),
        (lambda p: tiles.make_mbtiles(p, metadata={"bounds": "west,south"}), "bounds"),
        (
            lambda p: _corrupt(tiles.make_mbtiles(p), "UPDATE tiles SET tile_data = x'1f8b0800'"),
            "vector tiles",
        ),
        (lambda p: _corrupt(tiles.make_mbtiles(p), "UPDATE tiles SET tile_data = x'00010203'"), "not a PNG"),
    ],
)
def test_broken_packages_are_clear_errors_and_nothing_is_added(tmp_path: Path, make, words: str) -> None:
    path = tmp_path / "broken.mbtiles"
    make(path)
    with pytest.raises(FileFormatError) as err:
        registry.add(path, "broken")
    assert words in str(err.value)
    assert err.value.file == "broken.mbtiles"
    assert err.value.message_zh and err.value.hint
    assert registry.load() == {}
    assert not (user_basemaps_dir() / registry.INDEX).exists()


def test_wrong_schema_names_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "w.mbtiles"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE tiles (z INTEGER, data BLOB)")
    con.commit()
    con.close()
    with pytest.raises(FileFormatError, match="tile_column"):
        mbtiles.inspect(path)


def test_folder_xyz_and_tms(tmp_path: Path) -> None:
    root = tiles.make_folder(tmp_path / "xyz", range(8, 11), fmt="jpg")
    pkg = folder.inspect(root)
    assert (pkg.kind, pkg.format, pkg.scheme, pkg.minzoom, pkg.maxzoom) == ("folder", "jpg", "xyz", 8, 10)
    w, s, e, n = pkg.bounds
    assert w <= tiles.BOUNDS[0] and e >= tiles.BOUNDS[2] and s <= tiles.BOUNDS[1] and n >= tiles.BOUNDS[3]
    assert e - w < 1.0  # bounds of the deepest zoom, not of zoom 8
    z, x, y = tiles.addresses(range(10, 11))[0]
    assert folder.FolderReader(root, "xyz", "jpg").tile(z, x, y) == tiles.tile_image(z, x, y, "jpg")
    # the same tiles with TMS rows (gdal2tiles) are found to be TMS
    tms = tmp_path / "tms"
    for f in root.rglob("*.jpg"):
        zz, xx, yy = int(f.parent.parent.name), int(f.parent.name), int(f.stem)
        out = tms / str(zz) / str(xx) / f"{2**zz - 1 - yy}.jpg"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(f.read_bytes())
    t = folder.inspect(tms)
    assert t.scheme == "tms"
    assert t.bounds == pytest.approx(pkg.bounds)


def test_folder_errors(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileFormatError, match="no tiles"):
        registry.add(tmp_path / "empty", "e")
    root = tiles.make_folder(tmp_path / "z", range(8, 9))
    next(root.rglob("*.png")).write_bytes(b"")
    with pytest.raises(FileFormatError, match="0 bytes"):
        registry.add(root, "z")
    assert registry.load() == {}


def test_registry_lives_beside_the_store_and_checks_names(tmp_path: Path, _isolated_user_store: Path) -> None:
    path = tiles.make_mbtiles(tmp_path / "a.mbtiles", range(6, 8))
    entry = registry.add(path, "office", title="单位底图", opacity=0.8)
    assert user_basemaps_dir() == _isolated_user_store.parent / "user_data.basemaps"
    assert (user_basemaps_dir() / registry.INDEX).is_file()
    loaded = registry.load()
    assert loaded["office"].title == "单位底图" and loaded["office"].package == entry.package
    with pytest.raises(AtlasError, match="lower-case"):
        registry.add(path, "Bad Name")
    with pytest.raises(AtlasError, match="taken"):
        registry.add(path, "osm", reserved={"osm"})
    assert registry.remove("office") and registry.load() == {}
    assert path.is_file()  # a referenced package is never deleted


def test_copy_puts_the_package_in_the_basemaps_folder(tmp_path: Path) -> None:
    entry = registry.add(tiles.make_mbtiles(tmp_path / "a.mbtiles", range(6, 7)), "up", copy=True)
    assert Path(entry.package.path).parent == user_basemaps_dir().resolve()
    assert registry.remove("up")
    assert not Path(entry.package.path).exists()


def test_geotiff_in_utm_is_tiled_into_mbtiles(tmp_path: Path) -> None:
    tif = tiles.make_geotiff(tmp_path / "ortho.tif")
    entry = registry.add(tif, "ortho", opacity=0.6)
    pkg = entry.package
    assert pkg.kind == "mbtiles" and Path(pkg.path).parent == user_basemaps_dir().resolve()
    assert 117.95 < pkg.bounds[0] < 118.05 and 24.5 < pkg.bounds[3] < 24.65
    assert pkg.maxzoom >= 12 and pkg.minzoom < pkg.maxzoom  # overviews
    reader = registry.reader(pkg)
    z = pkg.maxzoom
    x0, y0, x1, y1 = tiles.tile_range(pkg.bounds, z)
    assert reader.tile(z, (x0 + x1) // 2, (y0 + y1) // 2)
    # the margins around the image stay transparent (PNG edge tiles); opaque tiles became JPEG
    from PIL import Image

    corner = Image.open(io.BytesIO(reader.tile(z, x0, y0) or b"")).convert("RGBA")
    assert corner.getchannel("A").getextrema()[0] == 0
    kinds = {bytes(d[:2]) for *_, d in reader.tiles(range(pkg.minzoom, pkg.maxzoom + 1))}
    assert kinds == {b"\x89P", b"\xff\xd8"}
    bad = tmp_path / "nocrs.tif"
    import rasterio

    with rasterio.open(bad, "w", driver="GTiff", width=4, height=4, count=1, dtype="uint8") as dst:
        dst.write(tiles.np.zeros((1, 4, 4), dtype="uint8"))
    with pytest.raises(FileFormatError, match="no CRS"):
        registry.add(bad, "nocrs")
    assert set(registry.load()) == {"ortho"}
    assert not (user_basemaps_dir() / "nocrs.mbtiles").exists()


def test_tile_bounds_round_trip() -> None:
    w, s, e, n = tile_bounds(10, 847, 439)
    assert tiles.tile_range((w + 1e-6, s + 1e-6, e - 1e-6, n - 1e-6), 10) == (847, 439, 847, 439)


def test_wmts_capabilities_fixture() -> None:
    caps = wmts.parse(CAPS)
    assert set(caps.layers) == {"img", "labels"}
    assert caps.kvp_url == "http://gis.intranet.example/img/wmts?"
    img = caps.layers["img"]
    assert img.matrix_sets == ["c", "w"] and wmts.mercator_sets(caps, img) == ["w"]
    url, zmin, zmax = wmts.tile_template(caps, "img")
    assert url == "http://gis.intranet.example/img/wmts/rest/img/default/w/{z}/{y}/{x}.jpg"
    assert (zmin, zmax) == (1, 18)
    kvp, *_ = wmts.tile_template(caps, "img", rest=False)
    assert "LAYER=img" in kvp and "TILEMATRIXSET=w" in kvp and "TILEMATRIX={z}&TILEROW={y}&TILECOL={x}" in kvp
    labels, zmin, zmax = wmts.tile_template(caps, "labels")
    assert "TILEMATRIX=EPSG:900913:{z}" in labels and (zmin, zmax) == (0, 15)
    with pytest.raises(FileFormatError, match="not Web Mercator"):
        wmts.tile_template(caps, "img", matrix_set="c")
    with pytest.raises(FileFormatError, match="no layer"):
        wmts.tile_template(caps, "vec")
    with pytest.raises(FileFormatError, match="not a WMTS"):
        wmts.parse(b"<html/>")


def test_configured_services_from_toml_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        f"""
[[basemap]]
name = "office"
title_zh = "单位矢量图"
title_en = "Office map"
url = "http://gis.intranet.example/tiles/{{z}}/{{x}}/{{y}}.png"
crs = "CGCS2000"
attribution = "© 福建省测绘院"
key_env = "OFFICE_KEY"
key_param = "tk"

[[basemap]]
name = "prov-img"
type = "wmts"
capabilities = "{CAPS}"
layer = "img"
crs = "GCJ-02"
""",
        encoding="utf-8",
    )
    monkeypatch.setenv("FPA_CONFIG", str(cfg))
    monkeypatch.setenv("OFFICE_KEY", "s3cret")
    monkeypatch.setenv("FPA_BASEMAPS", "quick=http://127.0.0.1:9/{z}/{x}/{y}.png")
    found = services.configured()
    assert list(found) == ["office", "prov-img", "quick"]
    office = found["office"]
    assert office.datum == "CGCS2000" and office.needs_key
    assert "s3cret" not in office.public_url
    assert office.keyed_url().endswith("?tk=s3cret")
    assert found["prov-img"].url.endswith("/w/{z}/{y}/{x}.jpg") and found["prov-img"].datum == "GCJ-02"
    assert found["quick"].kind == "xyz" and not found["quick"].needs_key


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ('name = "x"\nurl = "http://a/{z}/{x}.png"', "must contain"),
        ('name = "x"\nurl = "http://a/{z}/{x}/{y}.png"\ncrs = "EPSG:4326"', "crs"),
        ('name = "x"\ntype = "wms"\nurl = "http://a"', "type"),
        ('name = "X Y"\nurl = "http://a/{z}/{x}/{y}.png"', "lower-case"),
        ('name = "x"\ntype = "wmts"\nurl = "http://a/wmts"', "layer"),
    ],
)
def test_bad_config_entries_name_entry_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, words: str
) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(f"[[basemap]]\n{table}\n", encoding="utf-8")
    monkeypatch.setenv("FPA_CONFIG", str(cfg))
    with pytest.raises(AtlasError, match=words) as err:
        services.configured()
    assert err.value.file == str(cfg)


def test_bad_toml_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("[[basemap]\nname=", encoding="utf-8")
    monkeypatch.setenv("FPA_CONFIG", str(cfg))
    with pytest.raises(ValueError, match="config.toml"):
        services.configured()


def test_mosaic_stitches_tiles_with_their_mercator_extent(tmp_path: Path) -> None:
    from gis.tiles.mosaic import mercator, mosaic

    pkg = mbtiles.inspect(tiles.make_mbtiles(tmp_path / "m.mbtiles", range(6, 11)))
    img, (xmin, ymin, xmax, ymax) = mosaic(pkg, tiles.BOUNDS, max_pixels=1024)
    z = 10
    x0, y0, x1, y1 = tiles.tile_range(tiles.BOUNDS, z)
    assert img.shape == ((y1 - y0 + 1) * 256, (x1 - x0 + 1) * 256, 4)
    assert tuple(img[0, 0, :3]) == ((z * 40) % 256, (x0 * 7) % 256, (y0 * 13) % 256)
    w, n = mercator(tiles.BOUNDS[0], tiles.BOUNDS[3])
    e, s = mercator(tiles.BOUNDS[2], tiles.BOUNDS[1])
    assert xmin <= w < e <= xmax and ymin <= s < n <= ymax
    small, _ = mosaic(pkg, tiles.BOUNDS, max_pixels=256)
    assert small.shape[1] <= 256 * 2


def test_uploads_are_kept_in_the_basemaps_folder_or_not_at_all(tmp_path: Path) -> None:
    data = tiles.make_mbtiles(tmp_path / "a.mbtiles", range(6, 8)).read_bytes()
    entry = registry.add_upload(data, "office tiles.mbtiles", "office")
    assert Path(entry.package.path) == (user_basemaps_dir() / "office.mbtiles").resolve()
    assert entry.source == "upload office tiles.mbtiles"
    tif = registry.add_upload(tiles.make_geotiff(tmp_path / "o.tif").read_bytes(), "o.tif", "ortho")
    assert tif.package.kind == "mbtiles" and tif.package.description == "GeoTIFF o.tif"
    with pytest.raises(FileFormatError, match="not an SQLite"):
        registry.add_upload(b"junk" * 10, "junk.mbtiles", "junk")
    with pytest.raises(AtlasError, match="GeoTIFF"):
        registry.add_upload(b"x", "notes.txt", "notes")
    assert set(registry.load()) == {"office", "ortho"}
    leftovers = {p.name for p in user_basemaps_dir().iterdir()}
    assert leftovers == {registry.INDEX, "office.mbtiles", "ortho.mbtiles"}
