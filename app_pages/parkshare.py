"""Standalone page: park share from firm records (the section also appears on the calculator page)."""

from __future__ import annotations

from app_pages._parkshare_section import render_parkshare


def render() -> None:
    """The page is the park-share section, full width."""
    render_parkshare()


render()
