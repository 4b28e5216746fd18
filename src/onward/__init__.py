"""Onward: a private, offline companion for the end of a relationship."""

__version__ = "0.1.0"
