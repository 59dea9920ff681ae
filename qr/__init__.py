"""QR codes and printable posters for places (``python -m qr`` for batches)."""
