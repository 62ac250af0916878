"""URL parameters -> Filters: known values kept, everything else dropped with a notice."""

import pytest

from dashboard.query import Filters, Vocabulary, parse

VOCAB = Vocabulary(
    indicators=frozenset({"ncmec_cybertipline_reports", "arachnid_notifications"}),
    geographies=frozenset({"CAN", "PHL", "WLD"}),
    breakdowns=frozenset({"total", "reporter:esp", "Google"}),
    sources=frozenset({"ncmec_country_2019"}),
)


def test_the_documented_example_parses_to_its_filters():
    parsed = parse({"indicator": "ncmec_cybertipline_reports", "from": "2019", "to": "2023",
                    "geography": "CAN,PHL"}, VOCAB)
    assert parsed.notices == []
    assert parsed.filters == Filters(("ncmec_cybertipline_reports",), 2019, 2023, ("CAN", "PHL"))


def test_filters_round_trip_through_the_query_string():
    f = Filters(("ncmec_cybertipline_reports",), 2019, 2023, ("CAN", "PHL"), ("total",))
    assert parse(f.to_query(), VOCAB).filters == f


@pytest.mark.parametrize(
    ("params", "expected_notice"),
    [
        ({"bogus": "1"}, "Ignored unknown parameter 'bogus'."),
        ({"from": "99999"}, "Ignored 'from=99999': a year between 1990 and 2100 is expected."),
        ({"to": "20x1"}, "Ignored 'to=20x1'"),
        ({"geography": "CAN,XYZ"}, "Ignored unknown geography value(s): XYZ."),
        ({"indicator": "<script>alert(1)</script>"}, "Ignored unknown indicator value(s):"),
        ({"source": "'; DROP TABLE x;--"}, "Ignored unknown source value(s):"),
        ({"from": "2023", "to": "2019"}, "'from' (2023) was after 'to' (2019); they were swapped."),
        ({"measure": "median"}, "Ignored unknown measure value(s): median."),
        ({"scale": "cubic"}, "Ignored unknown scale value(s): cubic."),
        ({"base": "19"}, "Ignored 'base=19'"),
    ],
    ids=["unknown-key", "huge-year", "bad-year", "unknown-geo", "script", "sql", "swapped",
         "measure", "scale", "base"],
)
def test_bad_parameters_are_ignored_with_a_notice(params, expected_notice):
    notices = parse(params, VOCAB).notices
    assert any(n.startswith(expected_notice) for n in notices), notices


def test_how_a_chart_shows_rows_is_in_the_link_but_never_selects_rows():
    f = Filters(("ncmec_cybertipline_reports",), 2019, 2023, ("CAN",), measure="index",
                base=2020, scale="log")
    query = f.to_query()
    assert (query["measure"], query["base"], query["scale"]) == ("index", "2020", "log")
    assert parse(query, VOCAB).filters == f
    assert f.rows == Filters(("ncmec_cybertipline_reports",), 2019, 2023, ("CAN",))
    # Defaults stay out of the link; a base year means nothing without the index.
    assert "measure" not in Filters().to_query() and "scale" not in Filters().to_query()
    assert "base" not in Filters(base=2020, measure="change").to_query()


def test_repeated_keys_and_lists_are_merged_and_deduplicated():
    parsed = parse({"geography": ["CAN", "PHL,CAN"]}, VOCAB)
    assert parsed.filters.geographies == ("CAN", "PHL")


def test_geography_codes_are_case_insensitive():
    assert parse({"geography": "can"}, VOCAB).filters.geographies == ("CAN",)


def test_non_printable_and_huge_values_never_raise_and_are_shortened_in_notices():
    parsed = parse({"geography": "\x00\ufffd" * 10_000, "x" * 5000: "1"}, VOCAB)
    assert parsed.filters.geographies == ()
    assert all(len(n) < 200 for n in parsed.notices)


def test_wrong_types_from_a_callback_payload_are_tolerated():
    parsed = parse({"indicator": None, "from": 2019, "geography": 5}, VOCAB)
    assert parsed.filters.year_from == 2019
    assert parsed.filters.geographies == ()
