"""Day-by-day replenishment simulation on real demand, with the policies it compares (pure)."""
