"""Component ids, named once: callbacks and tests refer to these, never to string literals."""

# overview
OVERVIEW_CARDS = "overview-cards"
# explorer filters
INDICATOR = "f-indicator"
YEAR_FROM = "f-from"
YEAR_TO = "f-to"
GEOGRAPHY = "f-geography"
BREAKDOWN = "f-breakdown"
SOURCE = "f-source"
MILESTONES = "f-milestones"
SOURCE_KINDS = "f-source-kind"
MEASURE = "f-measure"
BASE = "f-base"
SCALE = "f-scale"
IMAGE_LINK = "explore-image-link"
# explorer outputs
CHART = "explore-chart"
CHART_SUMMARY = "explore-chart-summary"
TABLE = "explore-table"
CAVEATS = "explore-caveats"
ROW_COUNT = "explore-row-count"
DOWNLOAD = "explore-download"
API_LINK = "explore-api-link"
SHARE_LINK = "explore-share-link"
QUERY_STORE = "explore-query"
URL_SYNC = "explore-url-sync"
# briefing wall
BRIEFING = "briefing"
# every page
LANG_SWITCH = "lang-switch"
LANG_STORE = "page-lang"
