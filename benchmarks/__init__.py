"""Benchmarks: `python -m benchmarks [GROUP]` prints one JSON line per figure."""
