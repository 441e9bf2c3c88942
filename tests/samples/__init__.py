"""Shared test samples: synthetic data that more than one test file uses (one copy each)."""
