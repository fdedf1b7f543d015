"""One module per area of the API, each with its own router."""
