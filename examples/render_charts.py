"""Render every servgap chart of the example survey, in English and Indonesian, to PNG.

The images feed the documentation gallery::

    python examples/render_charts.py                 # writes docs/_static/gallery/
    python examples/render_charts.py /tmp/charts     # or any folder

Figures are sized for a thesis page (16 cm text width) and laid out by the caller, as every
servgap chart leaves layout and saving to whoever made the figure.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from servgap import gap_scores, plot  # noqa: E402
from servgap.datasets import load_example  # noqa: E402
from servgap.reliability import reliability  # noqa: E402

TEXT_WIDTH = 6.3  # inches: a 16 cm thesis text width
DPI = 120


def charts(survey):
    """(file stem, figure size, draw(ax, lang), polar?) for every chart in the gallery."""
    items = gap_scores(survey, level="item")
    dimensions = gap_scores(survey, level="dimension")
    alphas = reliability(survey)
    return [
        ("gap_bars_item", (TEXT_WIDTH, 7.5), lambda ax, lang: plot.gap_bars(items, instrument=survey.instrument,
                                                                          lang=lang, ax=ax), False),
        ("gap_bars_dimension", (TEXT_WIDTH, 3.2), lambda ax, lang: plot.gap_bars(survey, level="dimension",
                                                                                 lang=lang, ax=ax), False),
        ("gap_bars_branch", (TEXT_WIDTH, 4.6), lambda ax, lang: plot.gap_bars(
            survey, level="dimension", by="branch", order="instrument", lang=lang, ax=ax), False),
        ("expectation_perception_item", (TEXT_WIDTH, 7.5), lambda ax, lang: plot.expectation_perception(
            survey, level="item", lang=lang, ax=ax), False),
        ("expectation_perception_dimension", (TEXT_WIDTH, 3.0), lambda ax, lang: plot.expectation_perception(
            dimensions, instrument=survey.instrument, lang=lang, ax=ax), False),
        ("radar", (TEXT_WIDTH * 0.8, TEXT_WIDTH * 0.75), lambda ax, lang: plot.radar(survey, lang=lang, ax=ax), True),
        ("segment_heatmap_branch", (TEXT_WIDTH, 3.2), lambda ax, lang: plot.segment_heatmap(
            survey, by="branch", lang=lang, ax=ax), False),
        ("segment_heatmap_item_customer_type", (TEXT_WIDTH * 0.85, 7.5), lambda ax, lang: plot.segment_heatmap(
            survey, by="customer_type", level="item", lang=lang, ax=ax), False),
        ("reliability_forest", (TEXT_WIDTH, 4.4), lambda ax, lang: plot.reliability_forest(
            alphas, thresholds=(0.6, 0.7), instrument=survey.instrument, lang=lang, ax=ax), False),
        ("likert_bars", (TEXT_WIDTH * 1.2, 8.5), lambda ax, lang: plot.likert_bars(survey, lang=lang, ax=ax), False),
    ]


def render(out: Path, langs=("en", "id")) -> list[Path]:
    """Draw every chart in every language into ``out``; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    survey = load_example()
    written = []
    for stem, size, draw, polar in charts(survey):
        for lang in langs:
            fig, ax = plt.subplots(figsize=size, layout="constrained",
                                   subplot_kw={"projection": "polar"} if polar else None)
            draw(ax, lang)
            path = out / f"{stem}_{lang}.png"
            fig.savefig(path, dpi=DPI, bbox_inches="tight", pil_kwargs={"optimize": True})
            plt.close(fig)
            written.append(path)
    return written


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="docs/_static/gallery",
                        help="output folder (default: docs/_static/gallery)")
    args = parser.parse_args(argv)
    for path in render(Path(args.out)):
        print(f"{path}  {path.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
