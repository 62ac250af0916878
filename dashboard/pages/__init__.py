"""One module per page: overview, explore, sources (and briefing)."""
