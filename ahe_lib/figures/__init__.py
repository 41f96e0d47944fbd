"""Figures of the paper, regenerated from :mod:`ahe_lib` computations.

One function per paper figure, ``figure_N(...) -> (fig, data)``; ``data`` holds the
numbers that are drawn so that a notebook can print them (nbval compares text,
not images). The submodules group the figures by the physics they draw:

* :mod:`ahe_lib.figures.step` -- the current along a potential step (Figs. 1, 4)
"""

from .step import STYLE, band_and_current_figure, figure_1, figure_4, regime_table, setup_style

__all__ = ["STYLE", "setup_style", "band_and_current_figure", "figure_1", "figure_4", "regime_table"]
