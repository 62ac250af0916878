"""The repository's own data/: it validates, and its key figures are the ones the sources print."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard.query import Filters

REPO = Path(__file__).resolve().parents[2]
RAW_NCMEC = REPO / "data" / "raw" / "ncmec"
# The lines of the seed document that state figures (copied: see fixtures/README.md).
SEED = Path(__file__).resolve().parent / "fixtures" / "canada-cwg-cop-contribution.txt"
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
                           "companies", "company_names", "preferred_overrides",
                           "series_breaks", "complete_tables"}
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


def appendix_a() -> dict[int, int]:
    """Appendix A of NCMEC's CY2023 report to OJJDP, read from the PDF in data/raw/ncmec/: the
    reports received in each calendar year ('CY2023 (1/1/23-12/31/23) 36,210,368')."""
    from pypdf import PdfReader

    pages = [p.extract_text() for p in PdfReader(RAW_NCMEC / "ncmec-ojjdp-2023.pdf").pages]
    (text,) = [t for t in pages if re.search(r"^Appendix A\s*$", t, flags=re.MULTILINE)]
    lines = re.findall(r"^CY(\d{4}) \(\S+\) ([\d,]+)[ \t]*$", text, flags=re.MULTILINE)
    return {int(year): int(value.replace(",", "")) for year, value in lines}


def test_yearly_world_totals_1998_to_2023_are_appendix_a_as_printed(real_dataset):
    """One world total per year, 1998 to 2023, each the figure Appendix A prints."""
    printed = appendix_a()
    assert sorted(printed) == list(range(1998, 2024))
    obs = real_dataset.observations
    world = "geography == 'WLD' and breakdown == 'total'"
    ours = {y: rows_of(obs, "ncmec_ojjdp_cy2023", y).query(world)["value"].tolist()
            for y in range(1998, 2024)}
    assert ours == {y: [v] for y, v in printed.items()}


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
    """The seed document's lines that state figures."""
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


NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                "seventeen", "eighteen", "nineteen", "twenty"]


def printed_forms(value: float) -> set[str]:
    """The ways a source may print a figure: 29,397,681 / 29 397 681 / 587.852 / 29.4 million /
    10.8+ million / 11M / six million / sixteen / 67.1 (lower case)."""
    if value != int(value):
        return {f"{value:g}", f"{value:g}".replace(".", ",")}
    n = int(value)
    forms = {str(n), *(f"{n:,}".replace(",", sep) for sep in (",", " ", "\u00a0", ".", "_"))}
    for size, word in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        x = n / size
        if x >= 1 and round(x, 1) == x:
            short = f"{x:g}"
            forms |= {f"{short} {word}", f"{short}+ {word}", f"{short}{word[0]}"}
            if x == int(x) and x < len(NUMBER_WORDS):
                forms.add(f"{NUMBER_WORDS[int(x)]} {word}")
    if n < len(NUMBER_WORDS):
        forms.add(NUMBER_WORDS[n])
    return forms


def _prints(form: str, text: str) -> bool:
    """`form` stands in `text` as a whole number: '2,084' is not read in '62,084', nor '62' in
    '62,084' or 'six' in 'sixteen' (a cell of '2011,41_877,835' is still read)."""
    groups = set(re.findall(r"\d([^\d])\d{3}", form))
    if form[0].isdigit():  # '29,397,681': no digit, nor digit and separator, on either side
        before = "".join(rf"(?<!\d{re.escape(g)})" for g in groups or {"."})
        after = "|".join(re.escape(g) + r"\d{3}(?!\d)" for g in groups or {",", "."})
        head, tail = rf"(?<!\d){before}", rf"(?!\d|{after})"
    else:  # 'six million', 'sixteen'
        head, tail = "(?<![a-z])", "(?![a-z])"
    return re.search(rf"{head}{re.escape(form)}{tail}", text) is not None


def states_its_figure(quote: str, value: float) -> bool:
    """The quote prints the value; or it is a table line printing zero as '-'; or it quotes
    the two lines of one place that the table prints under two names, which add up."""
    text = " ".join(quote.split()).lower()
    if any(_prints(form, text) for form in printed_forms(value)):
        return True
    if value == 0 and text.endswith(" -"):
        return True
    parts = [int(p.replace(",", "")) for p in re.findall(r"(?<![\d.])\d[\d,]*", text)]
    return len(parts) > 1 and sum(parts) == value


def test_every_quote_states_its_figure(real_dataset):
    """A number without the source's own words printing it does not go in (the project's
    first rule): each row's quote prints its value."""
    obs = real_dataset.observations
    missing = [(line, r.source_id, r.value, r.quote[:80]) for line, r in
               enumerate(obs.itertuples(index=False), start=2)
               if not states_its_figure(r.quote, r.value)]
    assert missing == [], missing[:10]


@pytest.mark.parametrize(("quote", "value", "states"), [
    ("Canada 62,084", 62_084, True),
    ("Canada 62,084", 62_048, False),
    ("sent over 11\u00a0million notifications", 11_000_000, True),
    ("sent over 11 million notifications", 1_100_000, False),
    ("French Guiana 593; Guiana, French 1", 594, True),
    ("Norfolk Island -", 0, True),
    ("a total of sixteen companies", 16, True),
    ("a total of sixteen companies", 6, False),
    ("Canada 62,084", 2_084, False),
    ("nearly 100 countries", 100, True),
])
def test_the_quote_check_itself(quote, value, states):
    assert states_its_figure(quote, value) is states


def test_rows_noted_secondary_are_shown_as_secondary(real_dataset, store):
    """What a reader sees: a row whose note says 'Secondary source' is marked so in the app."""
    shown = store.query(Filters())
    noted = shown["note"].str.startswith("Secondary source")
    assert noted.sum() > 0
    assert shown.loc[noted, "secondary"].all()


def test_rows_of_sources_that_are_not_primary_are_shown_as_secondary(real_dataset, store):
    kind = real_dataset.sources.set_index("source_id")["kind"]
    shown = store.query(Filters())
    not_primary = shown["source_id"].map(kind) != "primary"
    assert not_primary.sum() > 0
    wrong = shown.loc[not_primary & ~shown["secondary"], "source_id"].unique().tolist()
    assert wrong == []


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
