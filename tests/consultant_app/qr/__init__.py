"""Tests of the QR code and poster engine (consultant_app.qr)."""
