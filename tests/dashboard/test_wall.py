"""The wall's cumulative slides: the headline figure is always among the points drawn, and a
secondary figure is drawn only where no primary one is as recent."""

import importlib

import pytest

from dashboard.query import world_total

CUMULATIVE = ("arachnid_notifications", "arachnid_removals", "vp_endorsing_companies",
              "inhope_records")


@pytest.fixture(scope="module")
def briefing(app):
    app.server.test_client().get("/")  # the pages are imported on the first request
    return importlib.import_module("pages.briefing")


@pytest.mark.parametrize("indicator", CUMULATIVE)
def test_the_headline_is_among_the_points_drawn(briefing, store, indicator):
    head = store.latest(indicator).row
    drawn = briefing._drawn_on_the_wall(store.query(world_total(indicator)))
    drawn = drawn[drawn["preferred"]]
    assert ((drawn["period_end"] == head["period_end"])
            & (drawn["value"] == head["value"])).any()
    primary_newest = drawn.loc[~drawn["secondary"], "period_end"].max()
    assert (drawn.loc[drawn["secondary"], "period_end"] > primary_newest).all()


def test_the_endorsers_slide_draws_the_19_it_shows_not_the_times_25(briefing, store):
    """Government of Canada's 19 (undated, 2022: a secondary source) is the latest count; The
    Times' 25 of 6 March 2020 is older than primary counts and stays off the wall."""
    drawn = briefing._drawn_on_the_wall(store.query(world_total("vp_endorsing_companies")))
    values = sorted(drawn.loc[drawn["preferred"], "value"].astype(int).tolist())
    assert 19 in values and 25 not in values
