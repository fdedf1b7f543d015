"""Settings, database engines and security primitives the rest of the server builds on."""
