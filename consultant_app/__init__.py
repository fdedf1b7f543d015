"""Showroom Desk client core: domain, local store and services, with no Qt dependency."""

__version__ = "0.1.0"
