"""The HTTP API: routes, their dependencies, error bodies and request limits."""
