"""GeoTIFF bombs (issue 16): a single-strip, a sparse and a float64 raster of a few kB each are priced before
anything is read. `gis raster zonal` and the raster page's display end within 30 s with a clear error
naming the file and the limit, under 600 MB, and never print a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gis.errors import FileTooLargeError
from gis.raster.budget import memory_guard
from tests.gis import hostile

pytestmark = pytest.mark.slow

#: The raster page's path: warp the upload's bytes for display, then zonal statistics over the parks.
RASTER_PAGE = (
    "import sys; from pathlib import Path; from gis.errors import AtlasError\n"
    "from gis.raster import warp_for_display, zonal_stats; from gis.parks import load_parks\n"
    "data = Path(sys.argv[1]).read_bytes(); name = sys.argv[2]\n"
    "steps = (lambda: warp_for_display(data, name=name),\n"
    "         lambda: zonal_stats(data, load_parks(), name=name))\n"
    "for step in steps:\n"
    "    try:\n"
    "        step()\n"
    "    except AtlasError as exc:\n"
    "        print(f'error: {exc}', file=sys.stderr)\n"
)

BOMBS: dict[str, tuple[Callable[[Path], Path], tuple[str, ...], tuple[str, ...]]] = {
    # name: (generator, words of the zonal error, words of the display error)
    "single strip": (hostile.strip_tiff, ("blocks of 9,000 × 9,000", "limit"), ("blocks of", "limit")),
    "sparse 30k": (hostile.sparse_tiff, (), ("no overviews", "limit")),
    "float64 31k": (hostile.park_sized_float64_tiff, ("float64", "limit 256 MB"), ("no overviews",)),
}


@pytest.mark.parametrize("bomb", list(BOMBS))
def test_zonal_refuses_raster_bombs_before_reading(bomb: str, tmp_path: Path) -> None:
    make, words, _ = BOMBS[bomb]
    file = make(tmp_path / "bomb.tif")
    assert file.stat().st_size < 200_000
    run = hostile.run_cli("gis", "raster", "zonal", "--raster", str(file))
    text = run.out + run.err
    assert "Traceback" not in text
    assert 0 < run.rss_mb < 600, run.rss_mb
    if words:
        assert run.code == 1, text
        assert "bomb.tif" in text and str(tmp_path) not in text
        for word in words:
            assert word in text, text
    else:  # the sparse raster is windowed park by park: it works, within the budget
        assert run.code == 0, text


@pytest.mark.parametrize("bomb", list(BOMBS))
def test_raster_page_refuses_raster_bombs(bomb: str, tmp_path: Path) -> None:
    make, zonal_words, words = BOMBS[bomb]
    file = make(tmp_path / "bomb.tif")
    run = hostile.run_python("-c", RASTER_PAGE, str(file), "upload.tif")
    assert run.code == 0 and "Traceback" not in run.err, run.err
    assert 0 < run.rss_mb < 600, run.rss_mb
    assert "upload.tif" in run.err and str(tmp_path) not in run.err
    for word in words + zonal_words:
        assert word in run.err, run.err


def test_memory_error_becomes_an_atlas_error() -> None:
    with pytest.raises(FileTooLargeError, match="more memory"), memory_guard("x.tif"):
        raise MemoryError
