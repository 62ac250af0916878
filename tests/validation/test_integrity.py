"""Cross-table checks (validation/integrity.py): references, sums, and dates against sources."""

from __future__ import annotations

from unittest.mock import ANY

import pytest

from tests.validation.tables import COM, END, EVT, NAM, OBS, OVR, SRC
from validation import Failure, load

PERIOD = "ncmec_cybertipline_reports 2021-01-01..2021-12-31"


FIX_ROW = "a row is missing, duplicated or mistyped"


def cross(case_id: str, change: tuple, where: tuple, hint: str | None = None):
    """Change one cell; expect one failure at `where` (file, line, column, check, value)."""
    return pytest.param(change, Failure(*where, ANY if hint is None else hint), id=case_id)


CROSS_CASES = [
    cross(
        "observation-unknown-source_id",
        (OBS, 2, "source_id", "c3p_unknown"),
        (OBS, 2, "source_id", "reference_resolves", "c3p_unknown"),
        "no such id in sources.csv: add a row for it there or correct the id",
    ),
    cross(
        "observation-unknown-indicator_id",
        (OBS, 2, "indicator_id", "arachnid_notices"),
        (OBS, 2, "indicator_id", "reference_resolves", "arachnid_notices"),
        "no such id in indicators.csv: add a row for it there or correct the id",
    ),
    cross(
        "endorsement-unknown-source_id",
        (END, 2, "source_id", "vp_unknown"),
        (END, 2, "source_id", "reference_resolves", "vp_unknown"),
    ),
    cross(
        "event-unknown-source_id",
        (EVT, 2, "source_id", "vp_unknown"),
        (EVT, 2, "source_id", "reference_resolves", "vp_unknown"),
    ),
    cross(
        "country-parts-above-complete-table-total",
        (OBS, 4, "value", "61"),
        (OBS, 6, "value", "parts_sum_to_total", "100"),
        f"the 2 countries rows of {PERIOD} from ncmec_country_2021 add up to 101, "
        f"above this total by 1: {FIX_ROW}",
    ),
    cross(
        "country-parts-below-complete-table-total",
        (OBS, 4, "value", "59"),
        (OBS, 6, "value", "parts_sum_to_total", "100"),
        f"the 2 countries rows of {PERIOD} from ncmec_country_2021 add up to 99, "
        f"below this total by 1: {FIX_ROW}",
    ),
    cross(
        "company-parts-below-reporter-esp-total",
        (OBS, 8, "value", "24"),
        (OBS, 9, "value", "parts_sum_to_total", "95"),
        f"the 2 companies rows of {PERIOD} from ncmec_esp_2021 add up to 94, "
        f"below this total by 1: {FIX_ROW}",
    ),
    cross(
        "reporter-esp-total-mistyped",
        (OBS, 9, "value", "100"),
        (OBS, 9, "value", "parts_sum_to_total", "100"),
    ),
    cross(
        "parts-above-total-of-partial-source",
        (OBS, 10, "value", "150"),
        (OBS, 11, "value", "parts_not_above_total", "100"),
        f"the 1 countries rows of {PERIOD} from ncmec_ojjdp_2021 add up to 150, "
        f"above this total by 50: {FIX_ROW}",
    ),
    cross(
        "removals-above-notifications",
        (OBS, 3, "value", "1001"),
        (OBS, 3, "value", "removals_within_notifications", "1,001"),
        "removals exceed the 1,000 notifications that the same source gives for the same "
        "window; check both figures against the source",
    ),
    cross(
        "observation-after-year-only-publication",
        (OBS, 2, "period_end", "2022-01-01"),
        (OBS, 2, "period_end", "not_after_publication", "2022-01-01"),
        "dated after its source c3p_2021 was published (2021); "
        "correct the date or cite a later source",
    ),
    cross(
        "event-after-publication",
        (EVT, 2, "date", "2020-03-06"),
        (EVT, 2, "date", "not_after_publication", "2020-03-06"),
        "dated after its source vp_launch_2020 was published (2020-03-05); "
        "correct the date or cite a later source",
    ),
    cross(
        "mapping-to-unknown-company",
        (NAM, 2, "company_id", "acme-inc"),
        (NAM, 2, "company_id", "reference_resolves", "acme-inc"),
        "no such id in companies.csv: add a row for it there or correct the id",
    ),
    cross(
        "observation-calls-a-primary-source-secondary",
        (OBS, 2, "note", "Secondary source: restated."),
        (OBS, 2, "note", "secondary_claim_agrees", "c3p_2021"),
        "the note says 'Secondary source' but sources.csv gives this source the kind primary: "
        "correct the note or the kind",
    ),
    cross(
        "override-names-no-row",
        (OVR, 2, "source_id", "ncmec_esp_2021"),
        (OVR, 2, "source_id", "override_names_a_row", "ncmec_esp_2021"),
        "no row of observations.csv has this indicator, period, geography, breakdown and "
        "source: correct the override or remove it",
    ),
    cross(
        "parent-unknown",
        (COM, 3, "parent_id", "acme-holding"),
        (COM, 3, "parent_id", "reference_resolves", "acme-holding"),
        "no such company_id in companies.csv: add the parent there or leave parent_id empty",
    ),
    cross(
        "endorsement-after-publication",
        (END, 2, "endorsed_on", "2020-03-06"),
        (END, 2, "endorsed_on", "not_after_publication", "2020-03-06"),
    ),
]


def test_company_row_without_mapping_is_refused_with_the_row_to_add(tables, write,
                                                                    failures_of):
    del tables[NAM][1]  # Beta Corp's mapping
    assert failures_of(write(tables)) == [
        Failure(OBS, 8, "breakdown", "company_name_mapped", "Beta Corp",
                "no row of company_names.csv maps the name ncmec_esp_2021 prints: add "
                "'ncmec_esp_2021,Beta Corp,<company_id>,company,,' there (and the company to "
                "companies.csv if it is new)")]


def test_mapping_printed_by_no_row_is_refused(tables, write, failures_of):
    """A mapping must name a name its source prints (a typo would map nothing)."""
    tables[NAM].append({"source_id": "ncmec_esp_2021", "printed_name": "Acme Inc.",
                        "company_id": "acme", "scope": "company", "scope_note_en": "",
                        "scope_note_fr": ""})
    assert failures_of(write(tables)) == [
        Failure(NAM, 4, "printed_name", "mapping_used", "Acme Inc.", ANY)]


def test_two_mappings_of_one_printed_name_in_one_source_are_refused(tables, write,
                                                                     failures_of):
    tables[NAM].append({**tables[NAM][0], "company_id": "beta"})
    assert failures_of(write(tables)) == [
        Failure(NAM, 4, "source_id,printed_name", "unique_key", "ncmec_esp_2021 | Acme",
                "same source_id, printed_name as line 2; remove the duplicate or tell them "
                "apart")]


def test_parent_cycle_is_refused_on_every_company_in_it(tables, write, failures_of):
    tables[COM][0]["parent_id"] = "acme"  # acme-group -> acme -> acme-group
    assert failures_of(write(tables)) == [
        Failure(COM, 2, "parent_id", "no_parent_cycle", "acme",
                "following parent_id from acme-group comes back to acme-group: break the "
                "cycle"),
        Failure(COM, 3, "parent_id", "no_parent_cycle", "acme-group", ANY),
    ]


@pytest.mark.parametrize(("change", "expected"), CROSS_CASES)
def test_cross_table_check_reports_exact_failure(broken, failures_of, change, expected):
    """One bad cell breaks one cross-table rule, reported once with its fix."""
    assert failures_of(broken(*change)) == [expected]


ALLOWED = [
    pytest.param((OBS, 10, "value", "10"), id="parts-below-total-of-partial-source"),
    pytest.param((OBS, 11, "value", "60"), id="parts-equal-total-of-partial-source"),
    pytest.param((OBS, 3, "value", "1000"), id="removals-equal-notifications"),
    pytest.param((OBS, 2, "period_end", "2021-12-31"), id="year-only-publication-last-day"),
    pytest.param((SRC, 5, "published", "2021-12"), id="month-only-publication-last-day"),
    pytest.param((END, 2, "endorsed_on", "2020-03-05"), id="endorsed-on-publication-day"),
    pytest.param((SRC, 6, "published", ""), id="undated-source-any-date"),
]


@pytest.mark.parametrize("change", ALLOWED)
def test_allowed_edge_is_not_a_failure(broken, change):
    """Values on the allowed side of a cross-table rule load."""
    assert load(broken(*change)).row_counts()["observations"] == 10


def test_removals_are_compared_within_one_source_only(tables, write):
    """Removals above another source's notifications are no failure: sources may disagree."""
    tables[OBS][1]["source_id"] = "ncmec_ojjdp_2021"
    tables[OBS][1]["value"] = "5000"
    assert load(write(tables)).row_counts()["observations"] == 10


def test_company_parts_fall_back_to_the_world_total(tables, write, failures_of):
    """Without a reporter:esp row, company parts of a complete table are held to WLD/total."""
    tables[OBS][7]["breakdown"] = "total"  # line 9: reporter:esp becomes the world total
    tables[OBS][6]["value"] = "26"  # line 8: now 70 + 26 = 96
    assert failures_of(write(tables)) == [
        Failure(OBS, 9, "value", "parts_sum_to_total", "95", ANY),
    ]


def test_month_only_publication_ends_on_the_month_last_day(broken, failures_of):
    """A source published '2021-11' cannot hold figures running to 2021-12-31."""
    failures = failures_of(broken(SRC, 5, "published", "2021-11"))
    assert failures == [
        Failure(OBS, 2, "period_end", "not_after_publication", "2021-12-31", ANY),
        Failure(OBS, 3, "period_end", "not_after_publication", "2021-12-31", ANY),
    ]


def test_which_tables_must_add_up_exactly_is_data_not_a_name(tables, write, failures_of):
    """A source out of complete_tables.csv may give parts below its total; listed, it may not."""
    tables[OBS][5]["value"] = "69"  # line 7: Acme 69 + Beta 25 = 94, below the ESP total 95
    assert failures_of(write(tables))[0].check == "parts_sum_to_total"
    tables["complete_tables.csv"] = [r for r in tables["complete_tables.csv"]
                                     if r["source_id"] != "ncmec_esp_2021"]
    assert load(write(tables)).row_counts()["observations"] == 10


def test_a_publisher_with_a_french_name_has_it_on_every_row(broken, failures_of):
    """Line 6 made C3P too: without its French name a French page would show it in English."""
    path = broken(SRC, 6, "publisher", "Canadian Centre for Child Protection")
    assert failures_of(path) == [Failure(
        SRC, 6, "publisher_fr", "french_name_everywhere", "",
        "Canadian Centre for Child Protection has the French name 'Centre canadien de "
        "protection de l’enfance' elsewhere: give it here too")]
