"""The server's commands: every write goes through here, and here the change log is appended."""
