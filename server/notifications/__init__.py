"""Notifications: telling an account that something it cares about changed."""
