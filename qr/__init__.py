"""QR codes and printable posters: a pure library (no database, no settings); the server
fills the posters (``GET /api/v1/posters``, ``yizhan posters``). ``python -m qr`` draws one code."""
