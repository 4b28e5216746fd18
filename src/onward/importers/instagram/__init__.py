"""Instagram importers."""
