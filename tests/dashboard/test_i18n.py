"""English and French: complete catalogues, no untranslated string on any French page, and
numbers, dates and country names that follow the language."""

from __future__ import annotations

import importlib
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from dashboard import formatting, i18n

ROOT = Path(__file__).resolve().parents[2]
EN, FR = i18n.catalogue("en"), i18n.catalogue("fr")


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_both_catalogues_have_the_same_keys_and_placeholders():
    assert set(EN) - set(FR) == set(), "keys missing in fr.json"
    assert set(FR) - set(EN) == set(), "keys missing in en.json"
    for key in EN:
        assert EN[key].strip() and FR[key].strip(), f"empty string for {key}"
        assert _fields(EN[key]) == _fields(FR[key]), f"placeholders differ for {key}"


def test_every_unit_in_the_data_has_a_label_in_both_languages(dataset):
    units = set(dataset.indicators["unit"])
    assert sorted(u for u in units if f"unit.{u}" not in EN or f"unit.{u}" not in FR) == []


def test_every_key_the_code_asks_for_exists():
    used = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_.:0-9]+)["']""", path.read_text()))
        used |= set(re.findall(r"""title\(\s*["']([a-z_.]+)["']\)""", path.read_text()))
    missing = sorted(k for k in used if k not in EN)
    assert used and missing == []


@pytest.mark.parametrize(
    ("value", "lang", "full"),
    [(29_397_681, "en", "29,397,681"),
     (29_397_681, "fr", "29\u202f397\u202f681"),  # CLDR: narrow no-break
     (1_000, "fr", "1\u202f000"),
     (1_500_000_000, "fr", "1\u202f500\u202f000\u202f000"),
     (1_500_000_000, "en", "1,500,000,000")],
)
def test_numbers_follow_the_language(value, lang, full):
    assert formatting.full(value, lang=lang) == full


def test_periods_and_qualifiers_follow_the_language():
    start, end = pd.Timestamp("2017-01-17"), pd.Timestamp("2024-12-05")
    assert formatting.period(start, end, "fr") == "du 17 janvier 2017 au 5 décembre 2024"
    assert formatting.period(start, end, "en") == "17 January 2017 to 5 December 2024"
    one = pd.Timestamp("2022-03-24")
    assert formatting.period(one, one, "en") == "24 March 2022"
    assert formatting.period(one, one, "fr") == "24 mars 2022"
    assert formatting.qualified(11e6, "at_least", lang="fr") == "11\u00a0M+"
    assert formatting.compact(1.5e9, lang="fr") == "1,5\u00a0Md"
    assert formatting.full(67.1, "percent", "fr") == "67,1\u00a0%"
    assert formatting.change(-0.05, "en") == "\u22125.0%"
    assert formatting.change(0.0723, "fr") == "+7,2\u00a0%"
    assert formatting.date_text("2026-03", "fr") == "mars 2026"
    assert formatting.date_text("2026", "en") == "2026"
    expected = "environ 6\u202f000\u202f000"
    assert formatting.qualified(6e6, "approx", short=False, lang="fr") == expected


D = pd.Timestamp


@pytest.mark.parametrize(("start", "end", "precision", "en", "fr"), [
    # The eight-year Arachnid release is dated to 2025 only: never '31 December 2025'.
    ("2017-01-17", "2025-12-31", "year", "17 January 2017 to 2025", "du 17 janvier 2017 à 2025"),
    ("2021-02-28", "2021-02-28", "month", "February 2021", "février 2021"),
    ("2017-12-31", "2017-12-31", "year", "2017", "2017"),
    ("2017-01-17", "2022-03-31", "month", "17 January 2017 to March 2022",
     "du 17 janvier 2017 à mars 2022"),
    # Whole calendar years read as years, whatever the precision.
    ("2018-01-01", "2020-12-31", "year", "2018 to 2020", "de 2018 à 2020"),
    ("2014-01-01", "2022-12-31", "day", "2014 to 2022", "de 2014 à 2022"),
    ("2021-01-01", "2021-12-31", "day", "2021", "2021"),
    ("2017-01-17", "2022-12-31", "day", "17 January 2017 to 31 December 2022",
     "du 17 janvier 2017 au 31 décembre 2022"),
])
def test_a_period_reads_as_precisely_as_its_source_dates_it(start, end, precision, en, fr):
    assert formatting.period(D(start), D(end), "en", precision) == en
    assert formatting.period(D(start), D(end), "fr", precision) == fr
    assert formatting.periods(pd.Series([D(start)]), pd.Series([D(end)]), "fr",
                              pd.Series([precision])) == [fr]


def test_french_country_names_are_cldrs_as_people_say_them():
    assert i18n.country_name("USA", "fr") == "États-Unis"
    assert i18n.country_name("KOR", "fr") == "Corée du Sud"
    assert i18n.country_name("RUS", "fr") == "Russie"  # ISO: "Russie, Fédération de"
    assert i18n.country_name("IRN", "fr") == "Iran"
    assert i18n.country_name("CZE", "fr") == "Tchéquie"
    assert i18n.country_name("RUS", "en") == "Russian Federation"  # English: ISO's name
    assert i18n.country_name("XNC", "fr") == "Aucun pays indiqué"
    assert i18n.country_name("WLD", "fr") == "Monde"


def test_no_french_country_name_is_an_iso_formal_name(store):
    """No 'Russie, Fédération de', 'Iran, République islamique d'' on a French page."""
    names = set(store.frame["geography_name_fr"])
    formal = sorted(n for n in names if re.search(r", (République|Fédération|État|Royaume)", n))
    assert formal == []


def test_plotly_separators_are_cldrs():
    assert i18n.plotly_separators("en") == ".,"
    assert i18n.plotly_separators("fr") == ",\u202f"


@pytest.mark.parametrize("raw", [None, "de", ["fr", "en"], 5, "FR", "<fr>"])
def test_unknown_languages_fall_back_to_english(raw):
    assert i18n.lang_of(raw) == "en"


# -- no untranslated string on a French page -----------------------------------------------
PROPS = ("children", "placeholder", "title", "aria-label", "label", "headerName", "name",
         "text")


def _strings(node) -> list[str]:
    """Every string a reader can see or hear in a component tree, a figure or a callback."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() if k in PROPS or k in ("options", "columnDefs",
                "customdata", "data", "layout", "annotations", "title", "xaxis", "yaxis",
                "colorbar") or isinstance(v, (list, dict)) for s in _strings(v)]
    if isinstance(node, (list, tuple)):
        return [s for item in node for s in _strings(item)]
    if hasattr(node, "to_plotly_json"):
        return _strings(node.to_plotly_json())
    if hasattr(node, "tolist"):
        return _strings(node.tolist())
    return []


@pytest.fixture(scope="module")
def data_strings(store) -> list[str]:
    """Text that comes from the data as published (titles, quotes, company names)."""
    ds = store.dataset
    cols = [ds.sources[c] for c in ("publisher", "title", "note", "url")]
    cols += [ds.observations[c] for c in ("quote", "note", "breakdown", "source_id")]
    cols += [ds.indicators["indicator_id"]]
    texts = {str(v) for col in cols for v in col if isinstance(v, str) and len(v) > 3}
    texts |= {v[:69] + "…" for v in texts if len(v) > 70}  # hover labels clip long titles
    return sorted(texts, key=len, reverse=True)


@pytest.fixture(scope="module")
def english_only(store) -> list[str]:
    """English catalogue strings that French translates differently (and that no French text
    uses as well, like 'notifications')."""
    ind, ev = store.dataset.indicators, store.dataset.events
    french = " ".join([*FR.values(), *ind["name_fr"], *ind["definition_fr"], *ind["caveat_fr"],
                       *ev["event_fr"]])
    out = set()
    for key, en in EN.items():
        for part in re.split(r"\{[a-z_]+\}", en):
            part = part.strip(" .:·—→'\"()")
            if len(part) >= 4 and part not in FR[key] and part not in french \
                    and not part.isdigit():
                out.add(part)
    return sorted(out)


def _untranslated(texts: list[str], data: list[str], english: list[str]) -> list[str]:
    bad = []
    for text in texts:
        rest = text
        for d in data:
            if d in rest:
                rest = rest.replace(d, " ")
        bad += [f"{e!r} in {text[:80]!r}" for e in english
                if re.search(rf"(?<!\w){re.escape(e)}(?!\w)", rest)]
    return bad


@pytest.fixture(scope="module")
def pages(app):
    app.server.test_client().get("/")  # the pages are imported on the first request
    return {name: importlib.import_module(f"pages.{name}") for name in
            ("overview", "explore", "sources", "briefing", "not_found_404")}


@pytest.mark.parametrize("page", ["overview", "explore", "sources", "briefing", "not_found_404"])
def test_french_pages_show_no_english_interface_string(pages, page, data_strings, english_only):
    texts = _strings(pages[page].layout(lang="fr"))
    assert texts, "the page rendered no text"
    assert _untranslated(texts, data_strings, english_only) == []


@pytest.mark.parametrize(
    "values",
    [(["ncmec_cybertipline_reports"], 2019, 2023, ["CAN", "PHL"], [], [], 1),
     (["ncmec_cybertipline_reports"], 2023, 2023, [], [], [], []),
     (["ncmec_cybertipline_reports"], 2022, 2022, ["WLD"], [], [], []),
     (["arachnid_notifications"], None, None, [], [], [], 1),
     (["no_such"], None, None, [], [], [], [])],
    ids=["lines", "map", "bars", "steps", "empty"],
)
def test_french_explorer_output_shows_no_english_interface_string(pages, values, data_strings,
                                                                  english_only):
    out = pages["explore"].update_view(*values, None, lang="fr")
    texts = _strings(list(out[:5]))
    assert _untranslated(texts, data_strings, english_only) == []


def test_whole_numbers_are_written_as_babel_writes_them_in_both_languages():
    import random
    from decimal import Decimal

    from babel.numbers import format_decimal

    rng = random.Random(3)  # noqa: S311 (reproducible test values)
    values = [0, 1, -1, 999, 1000, -1000, 10**6, -123456789, 2**40, 29397681.0]
    values += [rng.randint(-10**12, 10**12) for _ in range(2000)]
    for lang in ("en", "fr"):
        locale = formatting.NUMBER_LOCALE[lang]
        for v in values:
            assert formatting.full(v, lang=lang) == format_decimal(
                Decimal(v), locale=locale, decimal_quantization=False), (v, lang)
    assert formatting.full(29397681, lang="fr") == "29\u202f397\u202f681"
    assert formatting.full(-1234, lang="en") == "-1,234"
