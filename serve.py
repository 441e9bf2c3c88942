"""Run the atlas with its own tile route: ``streamlit run serve.py`` (``make run``).

Streamlit's ``st.App`` (ASGI, Starlette) runs ``app.py`` unchanged and adds ``/fpa/tiles/…``
(:mod:`gis.tiles.http`): registered local basemaps and keyed intranet services are served from the app's own
origin. ``streamlit run app.py`` still works, without that route (local basemaps then show the map's "tiles
failed" warning). ``enable_tcp_nodelay`` removes a ≈ 40 ms stall per kept-alive response
(see :func:`gis.tiles.http.enable_tcp_nodelay`).
"""

from pathlib import Path

import streamlit as st

from gis.tiles.http import enable_tcp_nodelay, routes

enable_tcp_nodelay()
app = st.App(Path(__file__).resolve().with_name("app.py"), routes=routes())
