"""Accounts, sign-in, sessions and rider self-registration."""
