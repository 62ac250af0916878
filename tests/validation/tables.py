"""The table file names, as the tests refer to them."""

SRC, IND, OBS, END, EVT, COM, NAM, OVR = (
    "sources.csv",
    "indicators.csv",
    "observations.csv",
    "endorsements.csv",
    "events.csv",
    "companies.csv",
    "company_names.csv",
    "preferred_overrides.csv",
)
