"""Places (stations, compounds, buildings) and the QR codes bound to them."""
