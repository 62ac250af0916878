"""Row checks (validation/schemas.py): one changed cell -> the exact failure, located by line."""

from __future__ import annotations

from unittest.mock import ANY

import pandas as pd
import pytest

import validation
from tests.validation.tables import COM, END, EVT, IND, NAM, OBS, OVR, SRC
from validation import Failure, schemas
from validation.schemas import TABLES, parse_partial_date

OBS_KEY = "indicator_id,period_start,period_end,geography,breakdown,source_id"


# Checks over several columns report the columns they compare, joined by commas.
ROW_CHECK_COLUMNS = {
    "caveat_in_both_languages": "caveat_en,caveat_fr",
    "period_start_not_after_end": "period_start,period_end",
    "end_fits_precision": "period_end,end_precision",
    "date_given_unless_precision_unknown": "endorsed_on,date_precision",
    "parent_not_itself": "company_id,parent_id",
    "primary_not_noted_secondary": "kind,note",
    "scope_note_for_groups": "scope,scope_note_en,scope_note_fr",
}


def case(file: str, line: int, column: str, value: str, check: str, *, case_id: str):
    """Set `column` on `line` to `value`; expect one failure of `check` there, echoing the value."""
    expected = Failure(file, line, column, check, value, ANY)
    return pytest.param((file, line, column, value), [expected], id=case_id)


def row_case(case_id: str, change: tuple[str, int, str, str], check: str, shown: str):
    """A cell that breaks a rule over several columns; `shown` is the row's cells it echoes."""
    file, line, _, _ = change
    expected = Failure(file, line, ROW_CHECK_COLUMNS[check], check, shown, ANY)
    return pytest.param(change, [expected], id=case_id)


FIELD_CASES = [
    case(OVR, 2, "reason", " ", "not_blank", case_id="override-without-reason"),
    # source kinds
    case(SRC, 7, "kind", "blog", "known_source_kind", case_id="source-kind-unknown"),
    case(SRC, 7, "accessed", "2026-02-30", "iso_date_or_empty", case_id="accessed-not-a-date"),
    row_case("primary-noted-secondary", (SRC, 7, "note", "Secondary source: a news story."),
             "primary_not_noted_secondary", "primary | Secondary source: a news story."),
    # companies.csv and company_names.csv
    # (line 5 is named by no mapping and parent of none)
    case(COM, 5, "company_id", "Spare_Ltd", "company_slug", case_id="company_id-not-a-slug"),
    case(COM, 5, "company_id", "total", "not_reserved", case_id="company_id-reserved"),
    case(NAM, 2, "scope", "combined", "known_scope", case_id="scope-unknown"),
    row_case("company-its-own-parent", (COM, 5, "parent_id", "spare"), "parent_not_itself",
             "spare | spare"),
    row_case("group-scope-without-note", (NAM, 2, "scope", "group"), "scope_note_for_groups",
             "group |  | "),
    row_case("note-in-english-only", (NAM, 2, "scope_note_en", "Combined."),
             "scope_note_for_groups", "company | Combined. | "),
    # sources.csv (line 7 is cited by nothing, so no reference breaks with it)
    case(SRC, 7, "source_id", "StatCan-2022", "snake_case_id", case_id="source_id-pattern"),
    case(SRC, 7, "url", "www.statcan.gc.ca", "web_address", case_id="url-without-scheme"),
    case(SRC, 7, "url", "https://stat can.ca", "web_address", case_id="url-with-space"),
    case(SRC, 7, "published", "2021-02-30", "partial_date", case_id="published-not-a-day"),
    case(SRC, 7, "published", "2021-13", "partial_date", case_id="published-not-a-month"),
    case(SRC, 7, "language", "EN", "language_codes", case_id="language-upper-case"),
    case(SRC, 7, "language", "en,fr", "language_codes", case_id="language-comma"),
    case(SRC, 7, "publisher", "", "not_blank", case_id="publisher-blank"),
    case(SRC, 7, "title", "Crime ", "not_blank", case_id="title-trailing-space"),
    # indicators.csv
    case(IND, 3, "topic", "csam", "known_topic", case_id="topic-not-allowed"),
    case(IND, 3, "unit", "Notifications", "snake_case_id", case_id="unit-pattern"),
    case(IND, 3, "name_fr", "", "not_blank", case_id="name_fr-blank"),
    case(IND, 2, "definition_en", "WLD/total is the world total.", "no_internal_codes",
         case_id="definition-with-a-code"),
    case(IND, 2, "caveat_fr", "Voir reporter:esp.", "no_internal_codes",
         case_id="caveat-with-a-part-code"),
    row_case(
        "caveat-in-english-only",
        (IND, 2, "caveat_fr", ""),
        "caveat_in_both_languages",
        "Not victims. | ",
    ),
    row_case(
        "caveat-added-in-english-only",
        (IND, 3, "caveat_en", "Counts notices."),
        "caveat_in_both_languages",
        "Counts notices. | ",
    ),
    # observations.csv
    case(OBS, 2, "period_start", "2021-02-30", "iso_date", case_id="period_start-not-a-day"),
    case(OBS, 2, "value", "1,000", "plain_number", case_id="value-thousands-separator"),
    case(OBS, 3, "value", "-5", "plain_number", case_id="value-negative"),
    case(OBS, 3, "value", "900 ", "plain_number", case_id="value-trailing-space"),
    case(OBS, 3, "value", "0900", "plain_number", case_id="value-leading-zero"),
    case(OBS, 2, "qualifier", "nearly", "known_qualifier", case_id="qualifier-nearly"),
    case(OBS, 10, "geography", "ZZZ", "known_geography_code", case_id="geography-unknown-ZZZ"),
    case(OBS, 9, "breakdown", " reporter:esp", "not_blank", case_id="breakdown-leading-space"),
    case(OBS, 2, "quote", "", "not_blank", case_id="quote-blank"),
    case(OBS, 2, "quote", "  ", "not_blank", case_id="quote-spaces"),
    case(OBS, 2, "end_precision", "week", "known_precision", case_id="end-precision-week"),
    row_case(
        "period_start-after-period_end",
        (OBS, 2, "period_start", "2022-01-01"),
        "period_start_not_after_end",
        "2022-01-01 | 2021-12-31",
    ),
    # endorsements.csv
    row_case(
        "endorsement-date-with-precision-unknown",
        (END, 3, "endorsed_on", "2020-03-05"),
        "date_given_unless_precision_unknown",
        "2020-03-05 | unknown",
    ),
    row_case(
        "endorsement-no-date-with-precision-day",
        (END, 2, "endorsed_on", ""),
        "date_given_unless_precision_unknown",
        " | day",
    ),
    case(END, 2, "date_precision", "week", "known_precision", case_id="endorsement-precision-week"),
    case(END, 2, "endorsed_on", "2020-02-30", "iso_date_or_empty",
         case_id="endorsement-date-not-a-day"),
    case(END, 2, "company", "", "not_blank", case_id="endorsement-company-blank"),
    # events.csv
    case(EVT, 3, "date_precision", "week", "known_precision", case_id="event-precision-week"),
    case(EVT, 3, "date", "2020-03", "iso_date", case_id="event-date-month-only"),
    case(EVT, 3, "event_fr", "", "not_blank", case_id="event-french-blank"),
]


@pytest.mark.parametrize(("precision", "end", "fits"), [
    ("year", "2021-12-31", True), ("year", "2021-06-30", False), ("year", "2021-01-01", False),
    ("month", "2021-02-28", True), ("month", "2020-02-29", True), ("month", "2020-02-28", False),
    ("month", "2021-06-15", False), ("day", "2021-06-15", True),
])
def test_a_date_known_to_the_month_or_year_is_stored_on_its_last_day(
        tables, write, failures_of, precision, end, fits):
    """'March 2022' is stored as 2022-03-31 and '2025' as 2025-12-31, so that the years rule
    and sorting hold; any other day with month or year precision claims what is not known."""
    tables[OBS][0].update(period_start="2020-01-01", period_end=end, end_precision=precision)
    folder = write(tables)
    if fits:
        validation.load(folder)
        return
    assert failures_of(folder) == [Failure(OBS, 2, "period_end,end_precision",
                                           "end_fits_precision", f"{end} | {precision}", ANY)]


@pytest.mark.parametrize(("change", "expected"), FIELD_CASES)
def test_field_check_reports_exact_failure(broken, failures_of, change, expected):
    """One bad cell gives exactly one failure naming its file, line, column, check and value."""
    assert failures_of(broken(*change)) == expected


def test_duplicate_source_id_is_reported_on_both_lines_with_its_fix(broken, failures_of):
    """An id used twice is reported on both rows that use it, saying ids must be unique."""
    failures = failures_of(broken(SRC, 7, "source_id", "vp_launch_2020"))
    hint = "source_id is already used by another row; ids must be unique"
    assert failures == [
        Failure(SRC, 6, "source_id", "field_uniqueness", "vp_launch_2020", hint),
        Failure(SRC, 7, "source_id", "field_uniqueness", "vp_launch_2020", hint),
    ]


def test_duplicate_observation_key_reports_later_line_naming_first(broken, failures_of):
    """A repeated observation key is reported once, on the later line, naming the first line."""
    failures = failures_of(broken(OBS, 5, "geography", "CAN"))  # line 4 is CAN already
    assert failures == [Failure(OBS, 5, OBS_KEY, "unique_key", ANY, ANY)]
    assert "as line 4" in failures[0].hint


def test_duplicate_endorsement_is_reported_on_the_later_line(broken, failures_of):
    """The same company endorsing twice by one source is reported once, naming the first line."""
    failures = failures_of(broken(END, 3, "company", "Acme"))
    assert failures == [
        Failure(END, 3, "company,source_id", "unique_key", "Acme | vp_launch_2020", ANY),
    ]
    assert "same company, source_id as line 2" in failures[0].hint


def test_duplicate_observation_key_value_shows_the_key(broken, failures_of):
    """The echoed value is the key itself, cut to one bounded line."""
    failure = failures_of(broken(OBS, 5, "geography", "CAN"))[-1]
    assert failure.value.startswith("ncmec_cybertipline_reports | 2021-01-01 | 2021-12-31 | CAN")
    assert len(failure.value) <= 80


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021", ("2021-01-01", "2021-12-31")),
        ("2024-02", ("2024-02-01", "2024-02-29")),
        ("2021-12", ("2021-12-01", "2021-12-31")),
        ("2021-03-05", ("2021-03-05", "2021-03-05")),
        ("2021-02-30", None),
        ("2021-13", None),
        ("", None),
        ("21", None),
    ],
    ids=repr,
)
def test_parse_partial_date_gives_first_and_last_day(text, expected):
    """A partial date stands for the whole year or month it names."""
    span = parse_partial_date(text)
    assert (None if span is None else tuple(d.isoformat() for d in span)) == expected


def declared_checks():
    """Every check of every table: (file, column or None for a rule over a row, check)."""
    for file, (model, _) in TABLES.items():
        schema = model.to_schema()
        for column, spec in schema.columns.items():
            for check in spec.checks:
                yield file, column, check
        for check in schema.checks:
            yield file, None, check


def test_every_check_is_named_for_what_it_protects_and_says_how_to_fix_it():
    """Each check carries its own name (never pandera's generic str_matches or isin), the words
    the report prints, and, for a rule over a row, the columns it reads; one name, one meaning."""
    meaning: dict[str, tuple] = {}
    for file, column, check in declared_checks():
        where = f"{file} {column or 'row'} {check.name}"
        assert check.name not in ("str_matches", "isin", "check", None), where
        assert check.error and "(" not in check.error.split()[0], where
        if column is None:
            assert set(check.statistics["columns"]) <= set(TABLES[file][1]), where
        seen = meaning.setdefault(check.name, (check.error, check.statistics.get("pattern")))
        assert seen == (check.error, check.statistics.get("pattern")), where


@pytest.mark.parametrize(("change", "hint"), [
    ((OBS, 2, "value", "1,000"), "value is not a plain non-negative number; write a plain number "
                                 "without separators, units or spaces (29397681, 67.1)"),
    ((SRC, 7, "kind", "blog"), "kind is not one of the allowed values; use primary (the "
                               "producer), secondary (a reputable restatement) or unverified"),
    ((OBS, 2, "period_end", "2021-13-01"), "period_end is not a real calendar date written "
                                           "YYYY-MM-DD; write a real calendar date, YYYY-MM-DD"),
    ((OBS, 3, "quote", "over\t900"), "quote holds a control character; remove tabs, line breaks "
                                     "and other control characters"),
], ids=["value", "kind", "date", "control"])
def test_a_failed_cell_is_told_what_is_wrong_and_how_to_fix_it(broken, failures_of, change,
                                                                 hint):
    """The hint names the column, what is wrong with the cell, then what is allowed."""
    assert [f.hint for f in failures_of(broken(*change))] == [hint]


CELLS = ["abc", "ab\n", "", "x\x01", "2021-01-01", "12.5", "012", "\u0662\u0660", " pad",
         "pad ", "a b", None]


@pytest.mark.parametrize("pattern", [schemas.NO_CONTROL, schemas.NUMBER, schemas.ISO_DATE,
                                     schemas.SNAKE_ID, schemas.URL])
def test_a_form_reads_the_same_on_arrow_and_on_python_text(pattern):
    arrow_cells = pd.Series(CELLS, dtype="str")
    python_cells = pd.Series(CELLS, dtype=object)
    assert schemas._arrow_text(arrow_cells) is not None
    assert schemas._arrow_text(python_cells) is None
    fast, slow = schemas.matches(arrow_cells, pattern), schemas.matches(python_cells, pattern)
    assert fast.tolist() == slow.tolist()
    assert not fast[CELLS.index("ab\n")]  # a trailing newline is no end of the text


def test_text_with_a_trailing_newline_has_a_control_character():
    cells = pd.Series(["fine", "line\n"], dtype="str")
    assert schemas.matches(cells, schemas.NO_CONTROL).tolist() == [True, False]
