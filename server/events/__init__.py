"""Events: trainings and talk sessions (who came, and their points). Small tasks and help at
home are in ``volunteering``."""
