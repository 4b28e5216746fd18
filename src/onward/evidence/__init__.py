"""Evidence integrity: the append-only hash chain and its verification (pure)."""
