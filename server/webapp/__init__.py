"""Serves the installable web app from ``pwa/``: the shell for every app URL, versioned
assets with long cache lifetimes, the service worker and the manifest."""
