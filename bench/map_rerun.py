"""Does a widget that does not change the map rebuild it? Counts build_map calls across AppTest reruns.

Drives the map page headless (streamlit.testing.v1.AppTest) through a sequence of widget changes and prints,
for each, how many times the folium map was built (``build_map``) and rendered for the component, and how
long the rerun took. Then times what plain ``st_folium`` would redo on *every* rerun (render the folium map
and regenerate its script), which the page avoids by rendering once per session and map spec.

Run: ``.venv/bin/python bench/map_rerun.py``
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
logging.disable(logging.WARNING)  # AppTest's "no runtime" warnings


def main() -> None:
    """Print build / render counts and rerun times for each widget change."""
    from streamlit.testing.v1 import AppTest

    from app_pages import map_session as ms

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    steps = [
        # (what the user does, what the map should do: "new" map, "same" map, or a "cached" earlier map)
        ("open the map page", "new", lambda: at.switch_page("app_pages/map.py")),
        ("search: pick 古雷", "same", lambda: at.selectbox(key=ms.K_SEARCH).set_value("gulei")),
        (
            "search: pick a cluster",
            "same",
            lambda: at.selectbox(key=ms.K_SEARCH).set_value("cluster:xiamen-optoelectronics"),
        ),
        ("close the card", "same", lambda: at.button(key="map_close_card").click()),
        ("online mode on (no web basemap)", "same", lambda: at.toggle(key=ms.K_ONLINE).set_value(True)),
        ("layers: province only", "new", lambda: at.multiselect(key=ms.K_LAYERS).set_value(["province"])),
        ("sector pick (turns its layer on)", "new", lambda: at.selectbox(key=ms.K_SECTOR).set_value(14)),
        ("sector pick, another sector", "new", lambda: at.selectbox(key=ms.K_SECTOR).set_value(6)),
        (
            "layers: back to the defaults",
            "cached",
            lambda: at.multiselect(key=ms.K_LAYERS).set_value(ms.default_layers()),
        ),
        ("language: English", "new", lambda: at.radio(key="lang").set_value("en")),
        ("search: pick 古雷 (English)", "same", lambda: at.selectbox(key=ms.K_SEARCH).set_value("gulei")),
    ]
    print(f"{'widget change':<34} {'map':>6} {'build_map':>9} {'render':>6} {'rerun s':>8}")
    no_change_builds = 0
    no_change_times = []
    for label, kind, action in steps:
        before = dict(ms.BUILD_CALLS)
        action()
        t0 = time.perf_counter()
        at.run()
        dt = time.perf_counter() - t0
        if at.exception:
            raise SystemExit(f"{label}: {at.exception[0].value}")
        builds = ms.BUILD_CALLS["display"] - before["display"]
        renders = ms.BUILD_CALLS["render"] - before["render"]
        if kind != "new":
            no_change_builds += builds + renders
        if kind == "same":
            no_change_times.append(dt)
        print(f"{label:<34} {kind:>6} {builds:>9} {renders:>6} {dt:>8.3f}")
    print()
    print(
        "builds + renders caused by widgets that keep the map or return to a cached one: "
        f"{no_change_builds} (goal 0)"
    )
    print(f"median rerun for those widgets: {sorted(no_change_times)[len(no_change_times) // 2]:.3f} s")

    # What plain st_folium would redo on every rerun for the default map.
    import streamlit_folium as sf

    from layers.mapbuild import DEFAULT_LAYERS, build_map

    m = build_map(layers=list(DEFAULT_LAYERS), lang="zh", asset_mode="served")
    m.get_root().render()
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        m.get_root().render()
        m.render()
        script = sf._get_map_string(m)
        times.append(time.perf_counter() - t0)
    print(
        "plain st_folium per rerun (render + script for the default map, "
        f"{len(script) / 1e6:.2f} MB script): "
        f"{min(times):.3f} s (avoided)"
    )


if __name__ == "__main__":
    main()
