"""Run the atlas with its own tile route: ``streamlit run serve.py`` (``make run``).

Streamlit's ``st.App`` (ASGI, Starlette) runs ``app.py`` unchanged and adds ``/fpa/tiles/…``
(:mod:`gis.tiles.http`): registered local basemaps and keyed intranet services are served from the app's own
origin. ``streamlit run app.py`` still works, without that route (local basemaps then show the map's "tiles
failed" warning).
"""

import streamlit as st

from gis.tiles.http import routes

app = st.App("app.py", routes=routes())
