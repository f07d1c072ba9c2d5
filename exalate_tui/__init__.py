"""exalate-tui: a connection console and node for cross-tracker issue synchronisation."""

__version__ = "0.1.0"
