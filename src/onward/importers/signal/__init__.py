"""Signal importers."""
