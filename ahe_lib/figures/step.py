r"""Figs. 1 and 4: band diagram of a potential step and the total current J_y(eps_F).

Also the shared plotting style (:func:`setup_style`). Energies in units of
:math:`\Delta` unless a function says otherwise; currents :math:`J_y/(e/h)`.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from ..step_current import regime, regime_boundaries, step_potential, total_current

STYLE = {
    "figure.figsize": (8.0, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10,
    "axes.grid": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.linewidth": 1.6,
}

REGIME_COLOURS = {
    "metallic": "#d9d9d9",
    "half-metallic": "#c6dbef",
    "insulating": "#fdd0a2",
    "metal-metal": "#c7e9c0",
}


def setup_style():
    """Fixed matplotlib rc parameters and numpy print options used by every chapter.

    In a Jupyter kernel, inline figures are also stored as "retina" PNGs: twice the pixels (200 dpi in
    the PNG's header) with the display size of a 100-dpi figure, so the HTML looks the same and the PDF
    (``book/_ext/build_pdf.py``) can print the stored figures sharply without executing the chapters again.
    """
    mpl.rcParams.update(STYLE)
    np.set_printoptions(precision=6, suppress=True, floatmode="maxprec")
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of the kernel
        return
    if get_ipython() is not None:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("retina")


def _regime_intervals(U_L, U_R, Delta, lo, hi):
    """[(e_start, e_end, name)] covering [lo, hi], split at the band edges."""
    edges = [lo, *[b for b in regime_boundaries(U_L, U_R, Delta) if lo < b < hi], hi]
    return [(a, b, regime(0.5 * (a + b), U_L, U_R, Delta)) for a, b in zip(edges[:-1], edges[1:])]


def band_and_current_figure(U_L, U_R, Delta, *, width=1.0, x_range=6.0, margin=1.2, n_eps=1201, axes=None):
    r"""Band diagram of a smooth step (left) and :math:`J_y(\varepsilon_F)` (right, sharing the energy axis).

    Left: :math:`U(x)\pm\Delta` (band edges) of a tanh step of width ``width``; the shaded
    regions are the bands. Right: :math:`J_y/(e/h)` from :func:`total_current` against
    :math:`\varepsilon_F`, with the five regimes shaded and named.

    Returns
    -------
    fig, data : data has keys ``eps_F`` and ``J_y`` (the curve), ``edges`` (the four band
    edges), ``regimes`` (list of (eps_lo, eps_hi, name, J at the midpoint)).
    """
    lo = min(U_L, U_R) - Delta - margin * Delta
    hi = max(U_L, U_R) + Delta + margin * Delta
    eps = np.linspace(lo, hi, n_eps)
    J = total_current(eps, U_L, U_R, Delta)
    x = np.linspace(-x_range, x_range, 400)
    U = step_potential(x, U_L, U_R, width)

    if axes is None:
        fig, (axb, axj) = plt.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1.15, 1.0], "wspace": 0.05})
    else:
        axb, axj = axes
        fig = axb.figure

    axb.fill_between(x, U + Delta, hi, color="#9ecae1", alpha=0.6, lw=0)
    axb.fill_between(x, lo, U - Delta, color="#fdae6b", alpha=0.6, lw=0)
    axb.plot(x, U, "k--", lw=1, label=r"$U(x)$")
    axb.plot(x, U + Delta, color="#08519c", label=r"$U+\Delta$ (c)")
    axb.plot(x, U - Delta, color="#a63603", label=r"$U-\Delta$ (v)")
    axb.text(0.9 * x_range, hi - 0.3 * margin * Delta, "c", color="#08519c", ha="right", va="top")
    axb.text(0.9 * x_range, lo + 0.3 * margin * Delta, "v", color="#a63603", ha="right", va="bottom")
    axb.set_xlabel(r"$x$")
    axb.set_ylabel(r"energy, $\varepsilon_F$ (units of $\Delta$)")
    axb.set_xlim(-x_range, x_range)
    axb.set_ylim(lo, hi)
    axb.legend(loc="upper left", fontsize=8, frameon=False)

    rows = []
    for a, b, name in _regime_intervals(U_L, U_R, Delta, lo, hi):
        axj.axhspan(a, b, color=REGIME_COLOURS[name], alpha=0.7, lw=0)
        mid = 0.5 * (a + b)
        rows.append((a, b, name, float(total_current(mid, U_L, U_R, Delta))))
    jmin = min(J.min(), -0.1)
    for a, b, name, _ in rows:
        axj.text(0.06 * abs(jmin), 0.5 * (a + b), name, ha="left", va="center", fontsize=8)
    for e in regime_boundaries(U_L, U_R, Delta):
        axj.axhline(e, color="0.4", lw=0.6, ls=":")
        axb.axhline(e, color="0.4", lw=0.6, ls=":")
    axj.plot(J, eps, color="k")
    axj.axvline(0, color="0.3", lw=0.8)
    axj.set_xlim(1.15 * jmin, 0.95 * abs(jmin))
    axj.set_xlabel(r"$J_y\,/\,(e/h)$")
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.13, top=0.95)
    data = {"eps_F": eps, "J_y": J, "edges": regime_boundaries(U_L, U_R, Delta), "regimes": rows}
    return fig, data


def figure_1(U_L=-0.4, U_R=0.6, Delta=1.0, **kwargs):
    r"""Paper Fig. 1: a step smaller than the gap, :math:`U_R - U_L < 2\Delta`, and :math:`J_y(\varepsilon_F)`."""
    if not U_R - U_L < 2 * Delta:
        raise ValueError(f"figure_1 shows U_R - U_L < 2*Delta; got U_R - U_L = {U_R - U_L!r}, 2*Delta = {2 * Delta!r}")
    return band_and_current_figure(U_L, U_R, Delta, **kwargs)


def figure_4(U_L=-1.5, U_R=1.5, Delta=1.0, **kwargs):
    r"""Paper Fig. 4: a step larger than the gap, :math:`U_R - U_L > 2\Delta`, and :math:`J_y(\varepsilon_F)`."""
    if not U_R - U_L > 2 * Delta:
        raise ValueError(f"figure_4 shows U_R - U_L > 2*Delta; got U_R - U_L = {U_R - U_L!r}, 2*Delta = {2 * Delta!r}")
    return band_and_current_figure(U_L, U_R, Delta, **kwargs)


def regime_table(data, spec=".3f"):
    """Text table of the regimes drawn by :func:`band_and_current_figure` (from its ``data``)."""
    from ..report import table

    rows = [[a, b, name, J] for a, b, name, J in data["regimes"]]
    return table(["eps_F from", "to", "regime", "J_y at midpoint"], rows, [spec, spec, "", spec])
