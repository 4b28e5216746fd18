"""Generic CSV importers."""
