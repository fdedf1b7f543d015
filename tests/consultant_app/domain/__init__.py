"""Tests of consultant_app.domain."""
