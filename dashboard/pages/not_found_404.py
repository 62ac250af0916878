"""Any unknown address: a plain page pointing back, never an error."""

import dash
from dash import dcc, html

dash.register_page(__name__, path="/404", title="Not found · OCSE public figures")


def layout(**_params) -> html.Div:
    return html.Div([
        html.H1("There is no page at this address"),
        html.P(["Go to the ", dcc.Link("overview", href="/"), " or ",
                dcc.Link("explore the figures", href="/explore"), "."]),
    ])
