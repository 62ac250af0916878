"""URL query parameters -> validated, normalised Filters, with notices for what was ignored."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from dashboard import i18n
from validation.geography import WORLD

PARAMS = ("indicator", "from", "to", "geography", "breakdown", "source", "source_kind",
          "measure", "base", "scale")
# What a chart shows of the figures (dashboard/derived.py computes all but the first).
MEASURES = ("value", "change", "change_pct", "share", "index")
SCALES = ("linear", "log")
SOURCE_KINDS = ("primary", "secondary", "unverified")
# Unverified pages (blogs, mirrors, aggregators) are left out unless a view asks for them.
DEFAULT_KINDS = ("primary", "secondary")
# Parameters other pages or the wall use; the explorer accepts them silently.
PASSTHROUGH = ("lang", "interval", "slides")
MIN_YEAR, MAX_YEAR = 1990, 2100
MAX_ITEMS = 300
MAX_VALUE_CHARS = 4000
ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
GEO_RE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Filters:
    """A view's filters. Empty tuples mean 'no restriction'. Hashable: it keys the caches."""

    indicators: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    geographies: tuple[str, ...] = ()
    breakdowns: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    source_kinds: tuple[str, ...] = DEFAULT_KINDS
    measure: str = "value"  # value | change | change_pct | share | index (computed here)
    base: int | None = None  # the index's base year (None: each series' first year)
    scale: str = "linear"  # the value axis: linear | log

    @property
    def rows(self) -> Filters:
        """The same filters without how the chart shows them: what selects rows."""
        return dataclasses.replace(self, measure="value", base=None, scale="linear")

    @property
    def with_unverified(self) -> bool:
        return "unverified" in self.source_kinds

    def to_query(self) -> dict[str, str]:
        """The canonical query-string parameters (lists comma-separated, no empty ones)."""
        pairs = {
            "indicator": ",".join(self.indicators),
            "from": "" if self.year_from is None else str(self.year_from),
            "to": "" if self.year_to is None else str(self.year_to),
            "geography": ",".join(self.geographies),
            "breakdown": ",".join(self.breakdowns),
            "source": ",".join(self.sources),
            "source_kind": "" if self.source_kinds == DEFAULT_KINDS else ",".join(
                self.source_kinds),
            "measure": "" if self.measure == "value" else self.measure,
            "base": "" if self.base is None or self.measure != "index" else str(self.base),
            "scale": "" if self.scale == "linear" else self.scale,
        }
        return {k: v for k, v in pairs.items() if v}


def world_total(*indicators: str) -> Filters:
    """The world total of these indicators: the explorer's default view, the cards' links and
    the wall's series."""
    return Filters(indicators=indicators, geographies=(WORLD,), breakdowns=("total",))


@dataclass(frozen=True)
class Notice:
    """Why part of a link was ignored: a catalogue key and its values, rendered per language."""

    key: str
    values: tuple[tuple[str, object], ...] = ()
    ignored: bool = True  # part of the link was dropped (False: only reworded, e.g. renamed)

    def text(self, lang: str = i18n.DEFAULT) -> str:
        return i18n.t(self.key, lang, **dict(self.values))


def notice(key: str, **values: object) -> Notice:
    return Notice(key, tuple(values.items()))


@dataclass
class Parsed:
    filters: Filters
    items: list[Notice] = field(default_factory=list)

    @property
    def notices(self) -> list[str]:
        return self.messages(i18n.DEFAULT)

    @property
    def errors(self) -> list[str]:
        """The notices that dropped part of the request (an API answers them with 400)."""
        return [n.text(i18n.DEFAULT) for n in self.items if n.ignored]

    def messages(self, lang: str) -> list[str]:
        return [n.text(lang) for n in self.items]


@dataclass(frozen=True)
class Vocabulary:
    """What the data knows; anything else in a URL is ignored with a notice."""

    indicators: frozenset[str]
    geographies: frozenset[str]
    breakdowns: frozenset[str]  # total, kind:slug parts, and company ids
    sources: frozenset[str]
    # A company's name as a source printed it -> its id, where the name means one company.
    aliases: Mapping[str, str] = field(default_factory=dict)


def _values(raw: object) -> list[str]:
    """A parameter may arrive once, repeated, or as a list; flatten and split on commas."""
    items = raw if isinstance(raw, (list, tuple)) else [raw]
    out = []
    for item in items:
        if item is None:
            continue
        out += [part.strip() for part in str(item)[:MAX_VALUE_CHARS].split(",")]
    return [v for v in out if v]


def _year(raw: object, name: str, notices: list[Notice]) -> int | None:
    values = _values(raw)
    if not values:
        return None
    text = values[-1]
    if not re.fullmatch(r"\d{4}", text) or not MIN_YEAR <= int(text) <= MAX_YEAR:
        notices.append(notice("notice.bad_year", name=name, value=_show(text), min=MIN_YEAR,
                              max=MAX_YEAR))
        return None
    return int(text)


def _show(text: str, limit: int = 40) -> str:
    clean = "".join(ch if ch.isprintable() else "?" for ch in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _members(raw: object, name: str, known: Iterable[str], pattern: re.Pattern | None,
             notices: list[Notice], normalise=str) -> tuple[str, ...]:
    known = set(known)
    kept, dropped = [], []
    for given in _values(raw)[:MAX_ITEMS]:
        value = normalise(given)
        ok = (pattern is None or pattern.fullmatch(value)) and value in known
        if ok:
            kept.append(value)
        else:
            dropped.append(given)
    if len(_values(raw)) > MAX_ITEMS:
        notices.append(notice("notice.too_many", max=MAX_ITEMS, name=name))
    if dropped:
        shown = ", ".join(_show(d) for d in dropped[:5]) + (" …" if len(dropped) > 5 else "")
        notices.append(notice("notice.unknown_values", name=name, values=shown))
    return tuple(dict.fromkeys(kept))  # de-duplicated, order kept


def _company_ids(raw: object, vocab: Vocabulary, notices: list[Notice]) -> list[str]:
    """Old links named companies as printed ('Instagram'); such a name stands for its company
    id where it means exactly one company, with a notice giving the id to use."""
    out, renamed = [], []
    for value in _values(raw):
        cid = vocab.aliases.get(value)
        if value not in vocab.breakdowns and cid is not None:
            renamed.append(f"{_show(value)} → {cid}")
            value = cid
        out.append(value)
    if renamed:
        notices.append(Notice("notice.company_renamed",
                              (("names", ", ".join(renamed[:5])),), ignored=False))
    return out


def _kinds(raw: object, notices: list[Notice]) -> tuple[str, ...]:
    """`source_kind=primary,secondary,unverified`, kept in the rule's order; none given (or
    none valid) is the default, which leaves unverified sources out."""
    given = _members(raw, "source_kind", SOURCE_KINDS, ID_RE, notices)
    return tuple(k for k in SOURCE_KINDS if k in given) or DEFAULT_KINDS


def _choice(raw: object, name: str, allowed: tuple[str, ...], notices: list[Notice]) -> str:
    """One of `allowed` (the first is the default); anything else is dropped with a notice."""
    values = _values(raw)
    if not values:
        return allowed[0]
    if values[-1] in allowed:
        return values[-1]
    notices.append(notice("notice.unknown_values", name=name, values=_show(values[-1])))
    return allowed[0]


def parse(params: Mapping[str, object], vocab: Vocabulary) -> Parsed:
    """Never raises: bad parameters are dropped and explained in `notices`."""
    notices: list[Notice] = []
    for key in params:
        if key not in PARAMS and key not in PASSTHROUGH:
            notices.append(notice("notice.unknown_param", name=_show(str(key))))
    year_from = _year(params.get("from"), "from", notices)
    year_to = _year(params.get("to"), "to", notices)
    if year_from is not None and year_to is not None and year_from > year_to:
        notices.append(notice("notice.swapped", start=year_from, end=year_to))
        year_from, year_to = year_to, year_from
    filters = Filters(
        indicators=_members(params.get("indicator"), "indicator", vocab.indicators, ID_RE,
                            notices),
        year_from=year_from,
        year_to=year_to,
        geographies=_members(params.get("geography"), "geography", vocab.geographies, GEO_RE,
                             notices, normalise=str.upper),
        breakdowns=_members(_company_ids(params.get("breakdown"), vocab, notices), "breakdown",
                            vocab.breakdowns, None, notices),
        sources=_members(params.get("source"), "source", vocab.sources, ID_RE, notices),
        source_kinds=_kinds(params.get("source_kind"), notices),
        measure=_choice(params.get("measure"), "measure", MEASURES, notices),
        base=_year(params.get("base"), "base", notices),
        scale=_choice(params.get("scale"), "scale", SCALES, notices),
    )
    return Parsed(filters, notices)
