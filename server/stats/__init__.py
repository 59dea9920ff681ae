"""Figures: what the pilot is judged by, counted in SQL per scope and period — the
statistics API, the exports, the monthly report's and the station screen's numbers."""
