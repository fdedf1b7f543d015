"""Domain rules: stages, validation and value objects, free of storage and UI."""
