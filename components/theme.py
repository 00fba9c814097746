"""The one plotly theme of the dashboard.

Importing this module registers the template ``"dashboard"`` and makes it the
plotly default, so every figure (including ones built outside ``charts``) gets
the same fonts, colours and margins.  Chinese text needs an explicit CJK font
family: without it Chromium/kaleido renders Han characters with Japanese glyph
forms (or boxes when no CJK font is installed).
"""
from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE_NAME = "dashboard"

FONT_FAMILY = (
    "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, "
    "PingFang SC, sans-serif"
)

# Categorical palette: colour-blind aware (Okabe-Ito derived, reordered so the
# first few colours are far apart), readable on white.
PALETTE: list[str] = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#7F7F7F",  # grey
    "#F0E442",  # yellow
]

# Growth colours: green = growth, red = decline (dark enough to differ in
# lightness too, so they stay distinguishable for colour-blind readers).
POSITIVE = "#1B7F5B"   # deep green
NEGATIVE = "#C0392B"   # brick red
NEUTRAL = "#7F8C8D"    # grey (0 % / unknown)

TEXT = "#1F2933"
GRID = "#E4E7EB"

# Status colours for projects (签约 → 开工 → 在建 → 封顶/投产/竣工); unknown grey.
STATUS_COLORS: dict[str, str] = {
    "签约": "#56B4E9",
    "开工": "#0072B2",
    "在建": "#E69F00",
    "封顶": "#CC79A7",
    "投产": "#009E73",
    "竣工": "#1B7F5B",
    "下线": "#D55E00",
    "推进": "#F0E442",
    "": "#7F7F7F",
}

SEQUENTIAL = ["#F0F4F8", "#9FB3C8", "#486581", "#102A43"]


def growth_color(yoy: float | None) -> str:
    """Colour of a growth bar: green for > 0, red for < 0, grey otherwise."""
    try:
        if yoy is None or yoy != yoy:  # NaN
            return NEUTRAL
        if yoy > 0:
            return POSITIVE
        if yoy < 0:
            return NEGATIVE
    except TypeError:  # pd.NA comparisons
        return NEUTRAL
    return NEUTRAL


def status_color(status: str, i: int = 0) -> str:
    return STATUS_COLORS.get(status or "", PALETTE[i % len(PALETTE)])


def build_template() -> go.layout.Template:
    t = go.layout.Template()
    t.layout = go.Layout(
        font=dict(family=FONT_FAMILY, size=14, color=TEXT),
        title=dict(font=dict(family=FONT_FAMILY, size=18, color=TEXT), x=0.01, xanchor="left"),
        colorway=PALETTE,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=60, r=30, t=70, b=60),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=13), bgcolor="white",
                        bordercolor="#9FB3C8", align="left"),
        legend=dict(font=dict(family=FONT_FAMILY, size=12), orientation="h",
                    yanchor="bottom", y=1.02, xanchor="right", x=1),
        xaxis=dict(gridcolor=GRID, zerolinecolor="#9AA5B1", linecolor="#9AA5B1",
                   automargin=True, title=dict(standoff=8)),
        yaxis=dict(gridcolor=GRID, zerolinecolor="#9AA5B1", linecolor="#9AA5B1",
                   automargin=True, title=dict(standoff=8)),
        bargap=0.25,
        separators=".,",
    )
    t.data.bar = [go.Bar(marker=dict(line=dict(width=0)), textfont=dict(family=FONT_FAMILY))]
    t.data.heatmap = [go.Heatmap(colorscale=[[i / (len(SEQUENTIAL) - 1), c]
                                             for i, c in enumerate(SEQUENTIAL)])]
    return t


def register(default: bool = True) -> str:
    """Register the template (built once per process) and optionally make it the default."""
    if TEMPLATE_NAME not in pio.templates:  # building it validates every property: ~50 ms each time
        pio.templates[TEMPLATE_NAME] = build_template()
    if default:
        pio.templates.default = TEMPLATE_NAME
    return TEMPLATE_NAME


register()
