"""Facebook Messenger importers."""
