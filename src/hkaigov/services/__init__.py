"""Use cases over the register, one module per noun. Services never commit: the caller owns the transaction."""
