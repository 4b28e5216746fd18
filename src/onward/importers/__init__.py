"""Pure, streaming chat-export importers. See ``base`` for the contract."""
