"""Points: an append-only ledger; a balance that never goes below zero."""
