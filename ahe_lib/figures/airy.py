r"""Figs. 2, 5, 6: current density of conduction-band electrons in a uniform field and the comparison with Ref. [17].

Lengths in units of the paper's :math:`x_0 = (\hbar^2v_F^2/(\Delta F))^{1/3}` (Figs. 2, 5) or of :math:`\Delta/F`
(Fig. 6); currents as stated in each function. Each function returns ``(fig, data)`` with the drawn numbers.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import airy_density as ad


def figure_2(x_min=-8.0, x_max=3.0, n=1101, width=1.0):
    r"""Fig. 2: :math:`j_y(x)/j_\infty` (thin), :math:`x_0F j_y^{\varepsilon_F}/j_\infty` (dashed), and its Gaussian average
    with weight :math:`e^{-(x-x')^2/x_0^2}` (thick). ``data``: x, j, j_eps, j_eps_smoothed."""
    x = np.linspace(x_min, x_max, n)
    j = ad.current_density_linear(x)
    je = ad.energy_distribution_linear(x)
    js = ad.smoothed_energy_distribution(x, width)
    fig, ax = plt.subplots(figsize=(7.0, 3.6))
    ax.axhline(0, color="0.6", lw=0.6)
    ax.plot(x, j, color="k", lw=0.9, label=r"$j_y(x)/j_\infty$")
    ax.plot(x, je, "k--", lw=1.0, label=r"$x_0F\,j_y^{\varepsilon_F}(x)/j_\infty$")
    ax.plot(x, js, color="#08519c", lw=2.6, label=r"$\langle x_0F\,j_y^{\varepsilon_F}\rangle/j_\infty$")
    ax.plot(x, (x < 0).astype(float), color="#d94801", lw=0.8, ls=":", label=r"Eq. (14): $\theta(-x)$")
    ax.set_xlabel(r"$x/x_0$")
    ax.set_ylabel("current density (see legend)")
    ax.set_xlim(x_min, x_max)
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    fig.tight_layout()
    return fig, {"x": x, "j": j, "j_eps": je, "j_eps_smoothed": js}


def figure_5(x_min=-10.0, x_max=3.0, n=651, enlarge=4.0):
    r"""Fig. 5: one state (ε = 0, :math:`p_y = 0`), current in units of its asymptotic oscillation amplitude (thin);
    its averages with :math:`e^{-((x-x')/x_0)^2}` (dashed) and :math:`e^{-((x-x')/x_0)^2/2}` (thick), both × ``enlarge``.
    ``data``: x, j1, smooth_1, smooth_2 (unenlarged), tail (the 1/(4|z|^{3/2}) law, x < 0)."""
    x = np.linspace(x_min, x_max, n)
    j1 = ad.single_state_current(x)
    s1 = ad.gaussian_smooth(ad.single_state_current, x, 1.0, n_per_width=30)
    s2 = ad.gaussian_smooth(ad.single_state_current, x, np.sqrt(2.0), n_per_width=30)
    tail = np.full_like(x, np.nan)
    neg = x < -2.0
    tail[neg] = ad.single_state_tail(x[neg])
    fig, ax = plt.subplots(figsize=(7.0, 4.4))
    ax.axhline(0, color="0.6", lw=0.6)
    ax.plot(x, j1, color="k", lw=0.7, label="single state")
    ax.plot(x, enlarge * s1, "k--", lw=1.2, label=rf"$\times{enlarge:g}$, weight $e^{{-((x-x')/x_0)^2}}$")
    ax.plot(x, enlarge * s2, color="#08519c", lw=2.6, label=rf"$\times{enlarge:g}$, weight $e^{{-((x-x')/x_0)^2/2}}$")
    ax.plot(x, enlarge * tail, color="#d94801", lw=0.9, ls=":", label=rf"$\times{enlarge:g}$, tail $1/(4|x/\ell|^{{3/2}})$")
    ax.set_xlabel(r"$x/x_0$")
    ax.set_ylabel(r"$j_y$ (units of the oscillation amplitude)")
    ax.set_xlim(x_min, x_max)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8, frameon=False)
    fig.tight_layout()
    return fig, {"x": x, "j1": j1, "smooth_1": s1, "smooth_2": s2, "tail": tail}


def figure_6(x_lim=3.0, n=1201):
    r"""Fig. 6. Top: band edges :math:`U(x)\pm\Delta` for :math:`U = Fx`, :math:`\varepsilon_F = 0`. Bottom: this paper's
    current density, Eq. (37), vs the side-jump (transport-only) result of Ref. [17], Eq. (36), both in units of
    :math:`j_0 = |e|F/2h`, x in units of :math:`\Delta/F`. ``data``: x, eq37, eq36."""
    x = np.linspace(-x_lim, x_lim, n)
    j37 = ad.total_current_density_uniform(x)
    j36 = ad.side_jump_current(x)
    fig, (axb, axj) = plt.subplots(2, 1, sharex=True, figsize=(6.5, 5.2), gridspec_kw={"height_ratios": [1, 1]})
    lo, hi = -x_lim - 1.5, x_lim + 1.5
    axb.fill_between(x, x + 1.0, hi, color="#9ecae1", alpha=0.6, lw=0)
    axb.fill_between(x, lo, x - 1.0, color="#fdae6b", alpha=0.6, lw=0)
    axb.plot(x, x + 1.0, color="#08519c", label=r"$U+\Delta$")
    axb.plot(x, x - 1.0, color="#a63603", label=r"$U-\Delta$")
    axb.axhline(0.0, color="k", ls="--", lw=1, label=r"$\varepsilon_F$")
    axb.set_ylim(lo, hi)
    axb.set_ylabel(r"energy / $\Delta$")
    axb.legend(loc="upper left", fontsize=8, frameon=False)
    axj.plot(x, j37, color="#2171b5", lw=2.0, label="Eq. (37), this paper (total current)")
    axj.plot(x, j36, color="#8c510a", lw=1.6, ls="--", label="Eq. (36), side jumps only [17]")
    axj.set_xlabel(r"$x\,F/\Delta$")
    axj.set_ylabel(r"$j_y\,/\,(|e|F/2h)$")
    axj.set_ylim(-0.05, 1.15)
    axj.legend(loc="upper right", fontsize=8, frameon=False)
    fig.tight_layout()
    return fig, {"x": x, "eq37": j37, "eq36": j36}


def figure_2d_test(cmp, edist):
    r"""Book figure for App. C: exact 2D current near the stopping line vs Eqs. (15)+(16) and Eq. (45) (left), and the
    energy distribution (right). ``cmp`` from :func:`ahe_lib.smooth_2d.compare_with_eq15`, ``edist`` from
    :func:`ahe_lib.smooth_2d.energy_distribution_test`. Radii in units of :math:`r_0` from the stopping line."""
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9.0, 3.6))
    step = 0.5 * (cmp["r0"] ** -3)  # (1/2)|U'(r_F)| since r0 = |U'|^{-1/3}
    u = (cmp["r"] - cmp["rF"]) / cmp["r0"]
    sel = np.abs(u) < 12
    a1.plot(u[sel], cmp["j_exact"][sel] / step, color="k", lw=2.2, label="exact 2D states")
    a1.plot(u[sel], cmp["j_airy"][sel] / step, color="#d94801", lw=1.2, label="Eqs. (15)+(16)")
    a1.plot(u[sel], cmp["j_airy_printed_width"][sel] / step, color="#6a51a3", lw=1.0, ls=":", label="printed $r_0$ as Airy length")
    a1.plot(u[sel], cmp["j_step"][sel] / step, color="#2171b5", lw=1.0, ls="--", label="Eq. (45), window-averaged")
    a1.set_xlabel(r"$(r - r_F)/r_0$")
    a1.set_ylabel(r"$j_\theta\,/\,(\frac{e}{2h}|U'(r_F)|)$")
    a1.legend(fontsize=7, frameon=False, loc="upper right")
    v = (edist["r"] - edist["r_eps"]) / edist["r0"]
    sel = np.abs(v) < 14
    a2.plot(v[sel], edist["j_eps"][sel] * edist["r0"], color="k", lw=2.2, label=r"exact $j^\varepsilon_\theta$ (window-averaged)")
    a2.plot(v[sel], edist["j_eps_pred"][sel] * edist["r0"], color="#d94801", lw=1.2, label="Eqs. (15)+(16)")
    a2.set_xlabel(r"$(r - r_\varepsilon)/r_0$")
    a2.set_ylabel(r"$r_0\,j^\varepsilon_\theta/(e/h)$")
    a2.legend(fontsize=7, frameon=False, loc="upper right")
    fig.tight_layout()
    return fig, {"u": u, "v": v}
