"""WhatsApp importers: the text export (``text_export``), alone or in its .zip with media."""
