"""微心愿: riders' small wishes on a station's wall, claimed and fulfilled by residents."""
