"""The five table file names, as the tests refer to them."""

SRC, IND, OBS, END, EVT = (
    "sources.csv",
    "indicators.csv",
    "observations.csv",
    "endorsements.csv",
    "events.csv",
)
