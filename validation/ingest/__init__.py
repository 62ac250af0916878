"""Turn official source files into rows of data/observations.csv, reviewed as a diff."""
