"""The repository's own data/: it validates, and its key figures are the ones the sources print."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / ".." / "shared" / "research" / "seeds" / "canada-cwg-cop-contribution.txt"
REPORTS = "ncmec_cybertipline_reports"
PRINTED_ESP_TOTAL = {
    2019: 16_836_694,
    2020: 21_447_786,
    2021: 29_157_083,
    2022: 31_802_525,
    2023: 35_944_826,
}
PRINTED_COUNTRY_TOTAL = {
    2019: 16_987_361,
    2020: 21_751_085,
    2021: 29_397_681,
    2022: 32_059_029,
    2023: 36_210_368,
}


def rows_of(obs: pd.DataFrame, source: str, year: int | None = None) -> pd.DataFrame:
    """The reports rows a source gives, for one calendar year if given."""
    rows = obs[(obs["source_id"] == source) & (obs["indicator_id"] == REPORTS)]
    if year is None:
        return rows
    full_year = (rows["period_start"] == f"{year}-01-01") & (rows["period_end"] == f"{year}-12-31")
    return rows[full_year]


def test_real_data_validates(real_dataset):
    """data/ passes every check (the session fixture would have raised otherwise)."""
    counts = real_dataset.row_counts()
    assert set(counts) == {"sources", "indicators", "observations", "endorsements", "events",
                           "companies", "company_names", "preferred_overrides"}
    assert all(n > 0 for n in counts.values()), counts


@pytest.mark.parametrize(("year", "printed"), PRINTED_ESP_TOTAL.items(), ids=str)
def test_ncmec_company_rows_sum_to_printed_esp_total(real_dataset, year, printed):
    """The by-company table of each year adds up exactly to its printed total."""
    rows = rows_of(real_dataset.observations, f"ncmec_esp_{year}", year)
    companies = rows[rows["breakdown"] != "reporter:esp"]
    total = rows.loc[rows["breakdown"] == "reporter:esp", "value"].tolist()
    assert (int(companies["value"].sum()), total) == (printed, [printed])
    assert len(companies) > 100, "a year's table lists well over a hundred companies"


@pytest.mark.parametrize(("year", "printed"), PRINTED_COUNTRY_TOTAL.items(), ids=str)
def test_ncmec_country_rows_sum_to_printed_world_total(real_dataset, year, printed):
    """The by-country table of each year adds up exactly to its printed total."""
    rows = rows_of(real_dataset.observations, f"ncmec_country_{year}", year)
    countries = rows[rows["geography"] != "WLD"]
    total = rows.loc[(rows["geography"] == "WLD") & (rows["breakdown"] == "total"), "value"]
    assert (int(countries["value"].sum()), total.tolist()) == (printed, [printed])
    assert (countries["breakdown"] == "total").all()


def test_yearly_world_totals_1998_to_2023_are_present(real_dataset):
    """Appendix A of the CY2023 report gives one world total per year, 1998 to 2023: 26 rows."""
    obs = real_dataset.observations
    world = "geography == 'WLD' and breakdown == 'total'"
    found = {y: len(rows_of(obs, "ncmec_ojjdp_cy2023", y).query(world)) for y in range(1998, 2024)}
    assert found == dict.fromkeys(range(1998, 2024), 1)
    assert sum(found.values()) == 26


def test_both_1998_values_are_kept_with_their_own_sources(real_dataset):
    """The CY2023 report disagrees with itself on 1998; both figures stay, each cited."""
    obs = real_dataset.observations
    rows = obs[
        (obs["indicator_id"] == REPORTS)
        & (obs["period_start"] == "1998-01-01")
        & (obs["geography"] == "WLD")
        & (obs["breakdown"] == "total")
    ]
    assert dict(zip(rows["value"], rows["source_id"], strict=True)) == {
        4560: "ncmec_ojjdp_cy2023",
        2772: "ncmec_ojjdp_cy2023_text",
    }


SEED_FIGURES = [
    pytest.param(REPORTS, 29_400_000, id="29.4 million reports"),
    pytest.param("arachnid_notifications", 11_000_000, id="11 million notifications"),
    pytest.param("arachnid_companies_notified", 1000, id="1,000 companies"),
    pytest.param("arachnid_countries", 100, id="nearly 100 countries"),
    pytest.param("arachnid_removals", 6_000_000, id="six million removed"),
    pytest.param("vp_endorsing_companies", 19, id="19 endorsing companies"),
    pytest.param("vp_companies_consulted_at_launch", 6, id="six companies at launch"),
]


def words(text: str) -> str:
    """Text with every run of whitespace as one space: the seed uses no-break spaces (U+00A0)."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seed_text() -> str:
    """The seed document, from the shared research folder next to the repository."""
    if not SEED.is_file():
        pytest.skip(f"the shared research folder is absent: no {SEED}")
    return words(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("indicator", "value"), SEED_FIGURES)
def test_seed_figure_is_a_row_quoting_the_seed_verbatim(real_dataset, seed_text, indicator, value):
    """Each figure of the seed document is a row citing it, whose quote is the seed's own words."""
    obs = real_dataset.observations
    rows = obs[
        (obs["indicator_id"] == indicator)
        & (obs["value"] == value)
        & (obs["source_id"] == "gc_cwg_cop_contribution")
    ]
    assert len(rows) == 1, f"no single row of {indicator} = {value} citing the seed"
    quote = rows["quote"].iloc[0]
    assert words(quote) in seed_text, f"quote not verbatim in the seed: {quote!r}"


def test_every_observation_quotes_its_source(real_dataset):
    """No figure without the source's own words."""
    obs = real_dataset.observations
    empty = obs[obs["quote"].str.strip() == ""]
    assert empty.empty, empty[["indicator_id", "source_id"]].to_string()


def test_every_secondary_row_has_a_known_source(real_dataset):
    """Rows flagged 'Secondary source' still cite a source listed in sources.csv."""
    obs = real_dataset.observations
    secondary = obs[obs["note"].str.startswith("Secondary source")]
    assert len(secondary) > 0
    unknown = set(secondary["source_id"]) - set(real_dataset.sources["source_id"])
    assert (secondary["source_id"].str.strip() != "").all()
    assert unknown == set()


def _company_of(dataset) -> dict[tuple[str, str], str]:
    names = dataset.company_names
    return dict(zip(zip(names["source_id"], names["printed_name"], strict=True),
                    names["company_id"], strict=True))


@pytest.mark.parametrize(("source", "printed", "company"), [
    ("ncmec_esp_2021", "Instagram", "instagram"),
    ("ncmec_esp_2022", "Instagram, Inc.", "instagram"),
    ("ncmec_esp_2023", "Instagram, Inc.", "instagram"),
    ("ncmec_esp_2019", "Twitter, Inc.", "x"),
    ("ncmec_esp_2020", "Twitter", "x"),
    ("ncmec_esp_2023", "X Corp", "x"),
    ("ncmec_esp_2023", "Twitter, Inc. / Vine.co", "x"),
    ("ncmec_esp_2019", "Discord Inc.", "discord"),
    ("ncmec_esp_2021", "Discord", "discord"),
    ("ncmec_esp_2022", "TikTok Inc.", "tiktok"),
    ("ncmec_esp_2023", "Snapchat", "snap"),
    ("ncmec_esp_2022", "Microsoft - Online Operations", "microsoft"),
    ("ncmec_esp_2019", "Facebook", "meta"),  # printed 'Facebook*': related platforms combined
    ("ncmec_esp_2023", "Facebook", "facebook"),
    ("ncmec_esp_2023", "New Meta AB", "new-meta-ab"),
])
def test_printed_names_map_to_one_company(real_dataset, source, printed, company):
    assert _company_of(real_dataset)[(source, printed)] == company


def test_meta_groups_its_platforms_and_not_new_meta_ab(real_dataset):
    companies = real_dataset.companies.set_index("company_id")["parent_id"]
    assert {c for c, p in companies.items() if p == "meta"} == {
        "facebook", "instagram", "whatsapp", "threads", "oculus", "meta-ai"}
    assert companies["new-meta-ab"] == ""


def test_combined_facebook_rows_of_2019_2020_are_marked_as_group_figures(real_dataset):
    names = real_dataset.company_names
    combined = names[names["scope"] == "group"]
    facebook = combined[combined["printed_name"] == "Facebook"]
    assert sorted(facebook["source_id"]) == ["ncmec_esp_2019", "ncmec_esp_2020"]
    assert facebook["scope_note_en"].str.contains("combined").all()


def test_every_company_row_of_ncmec_tables_maps_to_a_company(real_dataset):
    obs = real_dataset.observations
    esp = obs[obs["source_id"].str.startswith("ncmec_esp_") & (obs["breakdown"] != "reporter:esp")]
    mapped = _company_of(real_dataset)
    missing = [(s, b) for s, b in zip(esp["source_id"], esp["breakdown"], strict=True)
               if (s, b) not in mapped]
    assert len(esp) > 1000 and missing == []


def one_row(obs: pd.DataFrame, **where) -> pd.Series:
    """The single observation matching every column = value given; fails on none or several."""
    mask = pd.Series(True, index=obs.index)
    for column, value in where.items():
        mask &= obs[column] == value
    rows = obs[mask]
    assert len(rows) == 1, f"{len(rows)} rows match {where}"
    return rows.iloc[0]


def test_ncmec_2025_facebook_is_the_transcribed_figure(real_dataset):
    """NCMEC's 2025 count for Facebook, from diaphanous at commit 26d825f (secondary)."""
    row = one_row(real_dataset.observations, indicator_id=REPORTS, period_start="2025-01-01",
                  geography="WLD", breakdown="Facebook", source_id="grimm_platform_data_26d825f")
    assert row["value"] == 4_907_710
    assert "4_907_710" in row["quote"]
    assert row["note"].startswith("Secondary source")


def test_ncmec_2025_company_rows_stay_within_the_esp_total(real_dataset):
    """The 2025 company rows of the transcription add up to no more than its ESP Total line."""
    rows = rows_of(real_dataset.observations, "grimm_platform_data_26d825f", 2025)
    total = rows.loc[rows["breakdown"] == "reporter:esp", "value"].tolist()
    companies = rows[~rows["breakdown"].str.contains(":", regex=False)]
    assert total == [21_181_300]
    assert len(companies) >= 30 and int(companies["value"].sum()) <= 21_181_300


def test_ncmec_2024_recipients_are_split_by_level_of_detail(real_dataset):
    """2024 reports made available to law enforcement: actionable/informational per recipient."""
    obs = real_dataset.observations
    rows = obs[(obs["source_id"] == "grimm_ocse_report_recipients_da0ece0")
               & (obs["period_start"] == "2024-01-01")]
    keys = zip(rows["indicator_id"], rows["breakdown"], strict=True)
    got = dict(zip(keys, rows["value"], strict=True))
    assert got[("ncmec_reports_to_international_le", "type:actionable")] == 14_170_714
    assert got[("ncmec_reports_to_international_le", "type:informational")] == 3_660_819
    assert got[("ncmec_reports_to_federal_le", "type:actionable")] == 1_622_472
    assert got[("ncmec_reports_to_icac_task_forces", "type:actionable")] == 816_361


def test_inhope_2024_records_are_inhope_s_own_figure(real_dataset):
    """INHOPE 2024: 2,497,438 records, quoted from INHOPE's own article (primary)."""
    row = one_row(real_dataset.observations, indicator_id="inhope_records",
                  period_start="2024-01-01", source_id="inhope_annual_report_2024_article")
    assert row["value"] == 2_497_438
    assert "2,497,438 records" in row["quote"]


def test_inhope_units_are_kept_apart(real_dataset):
    """Records, public reports, content URLs and 2018-19 reports are separate indicators."""
    inds = real_dataset.indicators.set_index("indicator_id")
    units = {i: inds.loc[i, "unit"] for i in (
        "inhope_records", "inhope_public_reports", "inhope_content_urls", "inhope_reports_iccam")}
    assert units == {"inhope_records": "records", "inhope_public_reports": "reports",
                     "inhope_content_urls": "urls", "inhope_reports_iccam": "reports"}
    assert set(inds.loc[list(units), "topic"]) == {"inhope"}


def test_statcan_2023_child_pornography_incidents(real_dataset):
    """Statistics Canada 2023: 21,417 police-reported child pornography incidents (via CTV News)."""
    row = one_row(real_dataset.observations, indicator_id="statcan_child_pornography_incidents",
                  period_start="2023-01-01", geography="CAN")
    assert (row["value"], row["source_id"]) == (21_417, "ctvnews_statcan_crime_2023")
    assert "21,417" in row["quote"]
    rate = one_row(real_dataset.observations, indicator_id="statcan_child_pornography_rate",
                   period_start="2023-01-01")
    assert rate["value"] == 53


def test_iwf_2024_ai_generated_reports(real_dataset):
    """IWF on its 2024 report: 245 reports with actionable AI-generated imagery, 51 in 2023."""
    obs = real_dataset.observations
    rows = obs[obs["indicator_id"] == "iwf_ai_csam_reports"]
    by_year = dict(zip(rows["period_start"].dt.year, rows["value"], strict=True))
    assert by_year == {2023: 51, 2024: 245}
    assert set(rows["source_id"]) == {"iwf_blog_parliamentarians_2025"}


# Weak (unverified) sources replaced by a better page stating the same figure (issue #16 item 2).
REPLACED_WEAK_SOURCES = {
    "iwf_annual_report_2015_doczz", "giblad_iwf_annual_report_release_2018",
    "tiktokdeath_tiktok_weprotect_2020", "urdupoint_vp_launch_2020",
    "aocsafeenvironment_report_act",
}


def test_replaced_weak_sources_are_gone(real_dataset):
    """No table cites a weak source that a better page replaced, and sources.csv drops it."""
    cited = {*real_dataset.observations["source_id"], *real_dataset.endorsements["source_id"],
             *real_dataset.events["source_id"], *real_dataset.sources["source_id"]}
    assert cited & REPLACED_WEAK_SOURCES == set()


def test_iwf_2015_figures_cite_iwf_itself(real_dataset):
    """IWF 2015: 112,975 reports assessed and 68,092 confirmed, from IWF's own pages."""
    obs = real_dataset.observations
    kinds = dict(zip(real_dataset.sources["source_id"], real_dataset.sources["kind"], strict=True))
    for indicator, value, printed in (("iwf_reports_assessed", 112_975, "112,975"),
                                      ("iwf_reports_confirmed", 68_092, "68,092")):
        rows = obs[(obs["indicator_id"] == indicator) & (obs["period_start"] == "2015-01-01")]
        assert set(rows["value"]) == {value}
        assert {kinds[s] for s in rows["source_id"]} == {"primary"}
        assert "iwf_highlights" in set(rows["source_id"])
        assert all(printed in q for q in rows["quote"])


@pytest.mark.parametrize(("indicator", "year", "value", "printed"), [
    ("iwf_reports_assessed", 2012, 39_211, "39,211"),
    ("iwf_reports_assessed", 2013, 51_186, "51,186"),
    ("iwf_reports_assessed", 2014, 74_119, "74,119"),
    ("iwf_reports_confirmed", 2014, 31_266, "31,266"),
], ids=str)
def test_iwf_2012_2014_have_iwf_s_own_figure_beside_the_transcription(
        real_dataset, indicator, year, value, printed):
    """IWF's Highlights page gives these values itself; diaphanous's rows stay alongside."""
    obs = real_dataset.observations
    own = one_row(obs, indicator_id=indicator, period_start=f"{year}-01-01",
                  source_id="iwf_highlights")
    assert own["value"] == value and printed in own["quote"]
    copy = one_row(obs, indicator_id=indicator, period_start=f"{year}-01-01",
                   source_id="apparebit_diaphanous_iwf_csv")
    assert copy["value"] == value


@pytest.mark.parametrize(("year", "value", "printed"), [(2016, 57_335, "57,335"),
                                                        (2017, 78_589, "78,589")], ids=str)
def test_iwf_2016_2017_urls_cite_better_internet_for_kids(real_dataset, year, value, printed):
    """IWF's confirmed URLs for 2016 and 2017 rest on the EU portal (secondary), not a blog."""
    row = one_row(real_dataset.observations, indicator_id="iwf_reports_confirmed",
                  period_start=f"{year}-01-01", value=value)
    assert row["source_id"] == "betterinternetforkids_iwf_annual_report_2017"
    assert printed in row["quote"] and row["note"].startswith("Secondary source")
    sources = real_dataset.sources.set_index("source_id")
    assert sources.loc[row["source_id"], "kind"] == "secondary"


def test_tiktok_march_2020_commitment_cites_tiktok_itself(real_dataset):
    """TikTok's March 2020 endorsement rests on TikTok's own newsroom post, at month precision."""
    e = real_dataset.endorsements
    rows = e[(e["company"] == "TikTok") & (e["date_precision"] == "month")]
    assert rows["source_id"].tolist() == ["tiktok_newsroom_weprotect_2020"]
    assert rows["endorsed_on"].astype(str).str.startswith("2020-03").all()
    assert rows["quote"].str.startswith("In March, we set out our commitment").all()
    sources = real_dataset.sources.set_index("source_id")
    assert sources.loc["tiktok_newsroom_weprotect_2020", "kind"] == "primary"


def test_six_launch_endorsers_cite_the_attorney_general_s_remarks(real_dataset):
    """The count of six at the 5 March 2020 launch, and the six names, rest on DOJ's own text."""
    doj = "usdoj_barr_remarks_vp_launch_2020"
    row = one_row(real_dataset.observations, indicator_id="vp_endorsing_companies",
                  period_end="2020-03-05", source_id=doj)
    assert row["value"] == 6 and "The six technology companies" in row["quote"]
    e = real_dataset.endorsements
    named = e[e["source_id"] == doj]
    assert sorted(named["company"]) == ["Facebook", "Google", "Microsoft", "Roblox", "Snap",
                                        "Twitter"]
    assert (named["date_precision"] == "day").all()
    assert real_dataset.sources.set_index("source_id").loc[doj, "kind"] == "primary"


def test_report_act_event_cites_the_public_law(real_dataset):
    """The REPORT Act's signing on 7 May 2024 rests on Public Law 118-59 itself."""
    ev = real_dataset.events
    rows = ev[ev["event_en"].str.contains("REPORT Act", regex=False)]
    assert rows["source_id"].tolist() == ["govinfo_plaw_118_59"]
    assert rows["date"].astype(str).str.startswith("2024-05-07").all()
    kinds = real_dataset.sources.set_index("source_id")["kind"]
    assert kinds["govinfo_plaw_118_59"] == "primary"
