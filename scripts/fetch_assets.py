#!/usr/bin/env python3
"""Fetch Leaflet and the plugin assets the map needs into ``static/vendor/`` (offline mode).

Every package comes from the npm registry with ``npm pack`` (a tarball, no install scripts run), is checked
against the pinned sha512 integrity below, and only the listed dist files are copied. Fonts and images the
CSS refers to are copied too, so nothing is fetched at run time. ``static/vendor/`` is git-ignored.

Idempotent: when ``static/vendor/.assets.stamp`` matches this manifest and every file exists, it does
nothing. Otherwise it builds a fresh copy next to the old one and swaps it in with ``os.replace``.

Usage: ``python scripts/fetch_assets.py [--force]`` (``make assets`` runs it).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"
STAMP_NAME = ".assets.stamp"

#: npm spec -> (sha512 integrity of the tarball, {path inside the package: path under static/vendor}).
#: A path ending in "/" copies the whole folder.
PACKAGES: dict[str, tuple[str, dict[str, str]]] = {
    "leaflet@1.9.3": (
        "sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ==",
        {
            "dist/leaflet.js": "leaflet/leaflet.js",
            "dist/leaflet.css": "leaflet/leaflet.css",
            "dist/images/": "leaflet/images/",
            "LICENSE": "leaflet/LICENSE",
        },
    ),
    "jquery@3.7.1": (
        "sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg==",
        {"dist/jquery.min.js": "jquery/jquery.min.js", "LICENSE.txt": "jquery/LICENSE.txt"},
    ),
    "bootstrap@5.2.2": (
        "sha512-dEtzMTV71n6Fhmbg4fYJzQsw1N29hJKO1js5ackCgIpDcGid2ETMGC6zwSYw09v05Y+oRdQ9loC54zB1La3hHQ==",
        {
            "dist/js/bootstrap.bundle.min.js": "bootstrap/js/bootstrap.bundle.min.js",
            "dist/css/bootstrap.min.css": "bootstrap/css/bootstrap.min.css",
            "LICENSE": "bootstrap/LICENSE",
        },
    ),
    "@fortawesome/fontawesome-free@6.2.0": (
        "sha512-CNR7qRIfCwWHNN7FnKUniva94edPdyQzil/zCwk3v6k4R6rR2Fr8i4s3PM7n/lyfPA6Zfko9z5WDzFxG9SW1uQ==",
        {
            "css/all.min.css": "fontawesome/css/all.min.css",
            "webfonts/": "fontawesome/webfonts/",
            "LICENSE.txt": "fontawesome/LICENSE.txt",
        },
    ),
    "leaflet.awesome-markers@2.0.5": (
        "sha512-Ne/xDjkGyaujwNVVkv2tyXQUV0ZW7gZ0Mo0FuQY4jp2qWrvXi0hwDBvmZyF/8YOvybyMabTMM/mFWCTd1jZIQA==",
        {
            "dist/leaflet.awesome-markers.js": "awesome-markers/leaflet.awesome-markers.js",
            "dist/leaflet.awesome-markers.css": "awesome-markers/leaflet.awesome-markers.css",
            "dist/images/": "awesome-markers/images/",
            "LICENSE": "awesome-markers/LICENSE",
        },
    ),
    "leaflet.fullscreen@3.0.0": (
        "sha512-81wWSUXz1ZtdneR0v5eJDWXUSx+Zo5J50WXWeydG/UcILfIEAgz/iOjZSi3p00Z9MJ/FC/P5i3CgdYuEAos0yQ==",
        {
            "Control.FullScreen.js": "fullscreen/Control.FullScreen.js",
            "Control.FullScreen.css": "fullscreen/Control.FullScreen.css",
            "icon-fullscreen.svg": "fullscreen/icon-fullscreen.svg",
            "LICENSE": "fullscreen/LICENSE",
        },
    ),
    "leaflet-measure@2.1.7": (
        "sha512-IvoHIoVTIQSXUgaNnAMF17qXFB+dF5ICdwmY8BHyq/Hh33/xeGqQUUYlz0pRMzFN9NUcjsT6JBhCr1ia0CG5ug==",
        {
            "dist/leaflet-measure.min.js": "measure/leaflet-measure.min.js",
            "dist/leaflet-measure.css": "measure/leaflet-measure.css",
            "dist/images/": "measure/images/",
            "LICENSE": "measure/LICENSE",
        },
    ),
    "leaflet-search@2.9.7": (
        "sha512-v7CxEbXyQXqLFjSkTpvM5i1cvmrcPOos57UmTnR94qqvVZykXyz/0SKEs3cbkFHjyrmMQ3Yk2Q5W6PvyuiSuPg==",
        {
            "dist/leaflet-search.min.js": "search/dist/leaflet-search.min.js",
            "dist/leaflet-search.min.css": "search/dist/leaflet-search.min.css",
            "images/search-icon.png": "search/images/search-icon.png",
            "images/loader.gif": "search/images/loader.gif",
            "images/back.png": "search/images/back.png",
            "images/search-icon-mobile.png": "search/images/search-icon-mobile.png",
            "license.txt": "search/license.txt",
        },
    ),
    "leaflet-groupedlayercontrol@0.6.1": (
        "sha512-xkGeH6ygcryFQI0FUWn6Bz93zlwrOSpeXgJQ3jLRoUQJ5h/Qgrz+GqR9nhBFfikjUKtC1sCKL3eDR9wNTWhLlA==",
        {
            "dist/leaflet.groupedlayercontrol.min.js": (
                "groupedlayercontrol/leaflet.groupedlayercontrol.min.js"
            ),
            "dist/leaflet.groupedlayercontrol.min.css": (
                "groupedlayercontrol/leaflet.groupedlayercontrol.min.css"
            ),
            "LICENSE.txt": "groupedlayercontrol/LICENSE.txt",
        },
    ),
    "leaflet.markercluster@1.1.0": (
        "sha512-eI+XkCiLiHwCC3uZ4/n4+Vq3rXcqEHN2lhHRVG1WVziy/3Q0TTipWkzEa1zO0dKZI2AnI5ppFDWrOjnQ7MJLKQ==",
        {
            "dist/leaflet.markercluster.js": "markercluster/leaflet.markercluster.js",
            "dist/MarkerCluster.css": "markercluster/MarkerCluster.css",
            "dist/MarkerCluster.Default.css": "markercluster/MarkerCluster.Default.css",
            "MIT-LICENCE.txt": "markercluster/MIT-LICENCE.txt",
        },
    ),
    # Leaflet.draw (MIT; the package ships no licence file, its README states the licence): the map editor.
    "leaflet-draw@1.0.2": (
        "sha512-iCcbXE9okhwznoTXjxVjoGFoKeiWGsgmWPKrPAeHUvtWZWK4t6YF6815D13wZoMxX2UM6tOmD7/VofCxx3S0+w==",
        {
            "dist/leaflet.draw.js": "draw/leaflet.draw.js",
            "dist/leaflet.draw.css": "draw/leaflet.draw.css",
            "dist/images/": "draw/images/",
            "README.md": "draw/README.md",
        },
    ),
}


class FetchError(RuntimeError):
    """Fetching or unpacking an asset package failed."""


def manifest_digest() -> str:
    """Return a short hash of :data:`PACKAGES` (what the stamp records)."""
    blob = json.dumps(PACKAGES, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def expected_files(vendor: Path) -> list[Path]:
    """Return the single files the manifest promises (folders are checked for existence only)."""
    return [vendor / dest for _, files in PACKAGES.values() for dest in files.values()]


def is_up_to_date(vendor: Path = VENDOR) -> bool:
    """True when the stamp matches the manifest and every listed file or folder exists."""
    stamp = vendor / STAMP_NAME
    if not stamp.is_file():
        return False
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8")).get("manifest")
    except (OSError, ValueError):
        return False
    return recorded == manifest_digest() and all(p.exists() for p in expected_files(vendor))


def _find_npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise FetchError(
            "npm was not found on PATH; offline map assets come from the npm registry. "
            "Install Node.js/npm (Debian: apt-get install npm) and run `make assets` again."
        )
    return npm


def _sri(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def _pack(npm: str, spec: str, dest: Path) -> Path:
    """Download one package tarball with ``npm pack`` into ``dest`` and return its path."""
    proc = subprocess.run(
        [npm, "pack", spec, "--json", "--pack-destination", str(dest), "--ignore-scripts"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise FetchError(f"npm pack {spec} failed (is the npm registry reachable?): {' | '.join(tail)}")
    try:
        info = json.loads(proc.stdout)
        return dest / info[0]["filename"]
    except (ValueError, LookupError) as exc:
        raise FetchError(f"npm pack {spec}: unexpected output {proc.stdout[:200]!r}") from exc


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for m in tar.getmembers():
        name = Path(m.name)
        if name.is_absolute() or ".." in name.parts or not (m.isfile() or m.isdir()):
            continue
        members.append(m)
    return members


def _copy(pkg_root: Path, files: dict[str, str], out: Path, spec: str) -> None:
    for src, dest in files.items():
        s, d = pkg_root / src, out / dest
        if src.endswith("/"):
            if not s.is_dir():
                raise FetchError(f"{spec}: folder {src} missing from the package")
            shutil.copytree(s, d, dirs_exist_ok=True)
        else:
            if not s.is_file():
                raise FetchError(f"{spec}: file {src} missing from the package")
            d.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(s, d)


def fetch(vendor: Path = VENDOR, *, force: bool = False) -> bool:
    """Fetch all packages into ``vendor``; return False when already up to date (nothing done)."""
    if not force and is_up_to_date(vendor):
        return False
    npm = _find_npm()
    vendor.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fpa-assets-") as tmp:
        tmpdir = Path(tmp)
        build = Path(tempfile.mkdtemp(prefix=".vendor-", dir=vendor.parent))
        try:
            for spec, (integrity, files) in PACKAGES.items():
                tgz = _pack(npm, spec, tmpdir)
                got = _sri(tgz)
                if got != integrity:
                    raise FetchError(
                        f"{spec}: tarball integrity {got[:24]}… does not match the pinned {integrity[:24]}…"
                    )
                unpack = tmpdir / tgz.stem
                with tarfile.open(tgz) as tar:
                    tar.extractall(unpack, members=_safe_members(tar))  # noqa: S202 - members filtered above
                _copy(unpack / "package", files, build, spec)
                print(f"  {spec}: {len(files)} entries")
            (build / STAMP_NAME).write_text(
                json.dumps({"manifest": manifest_digest(), "packages": sorted(PACKAGES)}, indent=1),
                encoding="utf-8",
            )
            old = None
            if vendor.exists():
                old = vendor.with_name(f".vendor-old-{os.getpid()}")
                os.replace(vendor, old)
            os.replace(build, vendor)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        finally:
            if build.exists():
                shutil.rmtree(build, ignore_errors=True)
    return True


def main(argv: list[str] | None = None) -> int:
    """Command-line entry; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="fetch again even when the stamp is current")
    parser.add_argument("--vendor", type=Path, default=VENDOR, help="target folder (default static/vendor)")
    args = parser.parse_args(argv)
    try:
        changed = fetch(args.vendor, force=args.force)
    except FetchError as exc:
        print(f"fetch_assets: {exc}", file=sys.stderr)
        return 1
    print("fetch_assets: " + ("assets written to " if changed else "up to date: ") + str(args.vendor))
    return 0


if __name__ == "__main__":
    sys.exit(main())
