"""Apple Messages (iMessage/SMS on macOS) importers."""
