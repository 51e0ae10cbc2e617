"""Scoring extraction against a gold file (`newsflow eval`): pure functions, no I/O."""
