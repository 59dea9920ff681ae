"""Events: trainings and talk sessions (who came, and their points); small tasks later."""
