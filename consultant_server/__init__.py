"""Showroom Desk central server: HTTP API, change log and sync, landing pages."""
