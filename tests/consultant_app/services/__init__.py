"""Tests of consultant_app.services."""
