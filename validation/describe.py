"""What each column means, in words, for the data package's Table Schemas.

Only the words live here. Types, forms, allowed values, keys and whether a cell may be empty
are read from the pandera models in validation/schemas.py (dashboard/datapackage.py), so the
schema is never written twice. A column without a description here still gets a Table Schema
field (described from its checks); tests/dashboard/test_datapackage.py asks for a sentence.
A model's column may also carry its own `pa.Field(description=...)`, which wins over this.
"""

from __future__ import annotations

# file -> column -> description
COLUMNS: dict[str, dict[str, str]] = {
    "companies.csv": {
        "company_id": "Stable id of the company, a lowercase slug; the only name URLs use.",
        "name": "The company's display name.",
        "parent_id": "The company_id of the group it belongs to; empty if none.",
        "note": "Reviewer's note (renames, what is not the same company).",
    },
    "company_names.csv": {
        "source_id": "The table (sources.csv) that printed the name.",
        "printed_name": "The company's name exactly as that table printed it "
                        "(observations.csv breakdown).",
        "company_id": "The company the printed name stands for (companies.csv).",
        "scope": "company (its own figure) or group (the source combined related platforms "
                 "under this line: the group's figure).",
        "scope_note_en": "What the source combined in this line, in English.",
        "scope_note_fr": "The same note in French.",
    },
    "complete_tables.csv": {
        "source_id": "A source that prints a total with its complete breakdown (sources.csv).",
        "parts": "What its parts are: companies or countries.",
        "note": "Reviewer's note.",
    },
    "series_breaks.csv": {
        "indicator_id": "The indicator whose counting changed (indicators.csv).",
        "starts_on": "First day counted the new way.",
        "note_en": "What changed, in English.",
        "note_fr": "The same note in French.",
        "source_id": "The document that states the change (sources.csv).",
    },
    "preferred_overrides.csv": {
        "indicator_id": "Indicator of the point (indicators.csv).",
        "period_start": "First day of the point's period.",
        "period_end": "Last day of the point's period.",
        "geography": "Geography code of the point.",
        "breakdown": "Breakdown of the point as printed.",
        "source_id": "The source whose figure is preferred for this point, against the rule.",
        "reason": "Why the reviewed exception is made.",
    },
    "sources.csv": {
        "source_id": "Stable id of the cited document, lower snake_case.",
        "publisher": "Who published the document, as the document names itself.",
        "publisher_fr": "The publisher's official French name, where it publishes one.",
        "title": "The document's title, as printed.",
        "title_fr": "The document's official French title, where the publisher gives one.",
        "url": "Where the document was read (http or https address).",
        "published": "Publication date: YYYY, YYYY-MM or YYYY-MM-DD; empty if undated.",
        "language": "Languages of the document, ISO 639-1 codes separated by ';'.",
        "kind": "primary (the organisation that produced the figure), secondary (a reputable "
                "restatement or documented transcription) or unverified (blog, mirror, "
                "aggregator: left out of charts and extracts by default).",
        "accessed": "The day the source was read, YYYY-MM-DD, where recorded.",
        "licence": "The licence or terms the source states, where it states one.",
        "note": "Reviewer's note: how the figures were read; 'Secondary source' first if the "
                "document reports another's figures.",
    },
    "indicators.csv": {
        "indicator_id": "Stable id of the indicator, <topic>_<what>.",
        "name_en": "Indicator name in English.",
        "name_fr": "Indicator name in French.",
        "unit": "What one unit of the value counts (reports, images_videos, companies, ...).",
        "definition_en": "What the indicator measures, in English.",
        "definition_fr": "What the indicator measures, in French.",
        "caveat_en": "What a reader must know before comparing figures, in English.",
        "caveat_fr": "The same caveat in French.",
        "topic": "The series the indicator belongs to.",
    },
    "observations.csv": {
        "indicator_id": "The indicator this figure is a value of (indicators.csv).",
        "period_start": "First day of the period the figure covers.",
        "period_end": "Last day of the period (a calendar year ends on 31 December; a "
                      "cumulative figure spans its whole window).",
        "end_precision": "How precisely the source dates period_end: day; month (known only "
                         "to the month, stored as its last day); or year (known only to the "
                         "year, stored as 31 December; a period_start of 1 January is then a "
                         "year too). Read and draw such a date as 'March 2022' or '2025'.",
        "geography": "ISO 3166-1 alpha-3 code; WLD for the world; X.. for documented lines "
                     "that are no single country (validation/geography.py).",
        "breakdown": "'total', a company name as printed, or a part such as reporter:esp.",
        "value": "The figure as the source states it, a plain non-negative number.",
        "qualifier": "How the source states it: exact, at_least (over, more than, +) or "
                     "approx (nearly, about).",
        "source_id": "The document the figure was read in (sources.csv).",
        "quote": "The source's own words for the figure, containing it as printed.",
        "note": "Reviewer's note on this figure; 'Secondary source' first if secondary.",
    },
    "endorsements.csv": {
        "company": "Company endorsing the Voluntary Principles, as the source names it.",
        "endorsed_on": "Date of the endorsement, if the source gives one.",
        "date_precision": "How precise endorsed_on is: day, month, year, or unknown.",
        "source_id": "The document stating the endorsement (sources.csv).",
        "quote": "The source's own words.",
    },
    "events.csv": {
        "date": "Date of the milestone.",
        "date_precision": "How precise the date is: day, month or year.",
        "event_en": "The milestone, in English.",
        "event_fr": "The milestone, in French.",
        "source_id": "The document stating it (sources.csv).",
    },
}

# Columns of extract.csv that are not a table's own column: where they come from, or, for the
# labels the app computes, a description and a Table Schema type.
EXTRACT_ORIGINS: dict[str, tuple[str, str]] = {
    "indicator_name": ("indicators.csv", "name_en"),
    "indicator_name_fr": ("indicators.csv", "name_fr"),
    "unit": ("indicators.csv", "unit"),
    "publisher": ("sources.csv", "publisher"),
    "publisher_fr": ("sources.csv", "publisher_fr"),
    "title": ("sources.csv", "title"),
    "title_fr": ("sources.csv", "title_fr"),
    "url": ("sources.csv", "url"),
    "published": ("sources.csv", "published"),
}
EXTRACT_COMPUTED: dict[str, tuple[str, str]] = {
    "geography_name": ("string", "Name of the geography (country names from ISO 3166)."),
    "geography_name_fr": ("string", "French name of the geography (CLDR, as people say it)."),
    "secondary": ("boolean", "yes if the figure comes from a secondary source (a third "
                             "party's transcription or a news report), else no."),
    "unit_fr": ("string", "The unit in French."),
    "breakdown_fr": ("string", "The breakdown's label in French (company names as printed)."),
    "qualifier_fr": ("string", "The qualifier in French."),
}

TITLE = "Online child sexual exploitation: public figures"
DESCRIPTION = (
    "Aggregate public statistics on online child sexual exploitation (NCMEC CyberTipline, "
    "Project Arachnid, the Voluntary Principles, IWF, INHOPE, Statistics Canada, Cybertip.ca). "
    "Every row is a figure stated by a public source, with the source's own words in 'quote'; "
    "nothing is estimated, rounded or filled in. A CyberTipline report is not an image, a "
    "video or a victim. Where a source changed how it counts, series_breaks.csv says so."
)
EXTRACT_TITLE = "Observations joined with indicator names and citations"
