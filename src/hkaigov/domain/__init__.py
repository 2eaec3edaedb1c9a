"""Types every layer shares: the system profile (manifest), tiers, roles, controls and results."""
