"""Tests of consultant_app.store."""
