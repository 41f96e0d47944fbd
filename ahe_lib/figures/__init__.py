"""Figures of the paper, regenerated from :mod:`ahe_lib` computations.

One function per paper figure, ``figure_N(...) -> (fig, data)``; ``data`` holds the
numbers that are drawn so that a notebook can print them (nbval compares text,
not images). The submodules group the figures by the physics they draw:

* :mod:`ahe_lib.figures.step` -- the current along a potential step (Figs. 1, 4)
* :mod:`ahe_lib.figures.interactive` -- the slider explorer of Figs. 1/4
* :mod:`ahe_lib.figures.exact` -- exact diagonalisation: universality of J_y, the linear ramp (Eqs. 36/37)
* :mod:`ahe_lib.figures.airy` -- current density in a uniform field (Figs. 2, 5, 6) and the 2D test of App. C
* :mod:`ahe_lib.figures.ray` -- the ray crossing a step and its side jump (Fig. 3)
* :mod:`ahe_lib.figures.maps` -- the book's own figures: Berry curvature (Sec. I), puddle map (Sec. V)
"""

from .airy import figure_2, figure_2d_test, figure_5, figure_6
from .exact import ramp_figure, universality_figure
from .ray import figure_3
from .maps import berry_figure, puddle_figure, transport_figure
from .step import STYLE, band_and_current_figure, figure_1, figure_4, regime_table, setup_style

__all__ = [
    "STYLE", "setup_style", "band_and_current_figure", "figure_1", "figure_4", "regime_table",
    "berry_figure", "transport_figure", "puddle_figure", "universality_figure", "ramp_figure",
    "figure_2", "figure_3", "figure_5", "figure_6", "figure_2d_test",
]
