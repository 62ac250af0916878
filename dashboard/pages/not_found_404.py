"""Any unknown address: a plain page pointing back, never an error."""

import dash
from dash import dcc, html

from dashboard import i18n
from dashboard.components import frame, title, with_lang
from dashboard.i18n import t

dash.register_page(__name__, path="/404", title=title("notfound.title"))


def layout(**params) -> html.Div:
    lang = i18n.lang_of(params.get("lang"))
    return frame(lang, "/", [
        html.H1(t("notfound.h1", lang)),
        html.P([t("notfound.go", lang), dcc.Link(t("notfound.overview", lang),
                                                 href=with_lang("/", lang)),
                t("notfound.or", lang), dcc.Link(t("notfound.explore", lang),
                                                  href=with_lang("/explore", lang)), "."]),
    ])
