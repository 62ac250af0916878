"""query.parse never raises, whatever a URL or a callback payload holds (the explorer's layout
calls it without a guard)."""

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.query import PARAMS, Filters, Vocabulary, parse

VOCAB = Vocabulary(indicators=frozenset({"ncmec_cybertipline_reports"}),
                   geographies=frozenset({"CAN", "WLD"}), breakdowns=frozenset({"total"}),
                   sources=frozenset({"ncmec_country_2019"}), aliases={"Google LLC": "google"})
TEXT = st.text(max_size=60)
VALUE = st.none() | TEXT | st.integers() | st.floats() | st.lists(st.none() | TEXT, max_size=4)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")), deadline=None)
@given(params=st.dictionaries(st.sampled_from(sorted(PARAMS)) | TEXT, VALUE, max_size=8))
def test_any_parameters_give_filters_and_notices_never_an_exception(params):
    parsed = parse(params, VOCAB)
    assert isinstance(parsed.filters, Filters)
    assert all(isinstance(m, str) for m in parsed.messages("fr"))
