"""Shared plumbing: database, errors, security, stores, pagination."""
