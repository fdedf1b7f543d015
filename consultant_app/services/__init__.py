"""Commands: every user action is one method, one transaction."""
