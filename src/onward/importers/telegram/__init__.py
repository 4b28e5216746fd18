"""Telegram importers."""
