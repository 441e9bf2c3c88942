"""Tile basemaps, without any UI: local tile packages (MBTiles files, folders of XYZ tiles, GeoTIFFs tiled
into MBTiles), the administrator's configured tile services (XYZ, WMTS) and the HTTP route that serves local
tiles from the app's own origin.

- :mod:`gis.tiles.package` — what a package holds (:class:`TilePackage`): format, scheme, bounds, zooms.
- :mod:`gis.tiles.mbtiles` / :mod:`gis.tiles.folder` — validate and read one kind of package.
- :mod:`gis.tiles.geotiff` — a GeoTIFF in any CRS, warped and tiled into an MBTiles by GDAL in blocks.
- :mod:`gis.tiles.registry` — the user's registered packages, kept beside the user store.
- :mod:`gis.tiles.services` — configured services (config file ``[[basemap]]`` tables and ``FPA_BASEMAPS``).
- :mod:`gis.tiles.wmts` — WMTS GetCapabilities parsing (KVP and RESTful).
- :mod:`gis.tiles.current` — the registered and configured basemaps now in force (re-read when changed).
- :mod:`gis.tiles.mosaic` — one image of a package over an area (printed sheets, figures).
- :mod:`gis.tiles.http` — the Starlette routes ``serve.py`` mounts.
"""
