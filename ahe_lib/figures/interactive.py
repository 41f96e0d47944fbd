r"""Live exploration of Figs. 1 and 4 with sliders (ipywidgets), with a static fallback.

:func:`explore_step_current` draws the band diagram of a smooth step and
:math:`J_y(\varepsilon_F)` (Eqs. 12/27, :func:`ahe_lib.total_current`) with the chosen
Fermi energy marked, and returns the numbers it shows. In a live Jupyter session the
figure comes with sliders for :math:`\varepsilon_F, U_L, U_R, \Delta` and is redrawn on every
change. The output it displays carries both the widget view and a PNG of the initial
figure: a Jupyter front end with a kernel shows the live widget; the static HTML book
(configured to skip widget views, see ``_config.yml``) shows the PNG.

Units: every energy (the four sliders, the energy axis) is in one and the same energy unit
:math:`E` (any: meV, or :math:`\Delta` of a material when the :math:`\Delta` slider is at 1); the
current :math:`J_y` (a current, :math:`(e/h)\times` energy) is shown in units of :math:`(e/h)\,E`
and, in the summary, also in units of :math:`e\Delta/h`. The energy axis always covers the whole
range of the :math:`\varepsilon_F` slider, :data:`EPS_F_RANGE`, so that the marker never leaves the plot.
"""

from __future__ import annotations

import base64
import io

import matplotlib.pyplot as plt

from ..step_current import regime, total_current
from .step import band_and_current_figure


#: the eps_F slider's range (energy unit E); the plot's energy axis always covers it
EPS_F_RANGE = (-4.0, 4.0)


def _margin(U_L, U_R, Delta):
    """Margin (in units of Delta) that makes the energy axis of the figure cover EPS_F_RANGE."""
    lo, hi = EPS_F_RANGE
    return max(1.2, (min(U_L, U_R) - Delta - lo) / Delta, (hi - max(U_L, U_R) - Delta) / Delta)


def draw_state(eps_F, U_L, U_R, Delta):
    """Figs. 1/4 for the given parameters with eps_F marked; returns (fig, summary dict).

    The energy axis covers at least :data:`EPS_F_RANGE` (the slider's range). Energies in the
    unit E of the sliders; ``J_y`` in units of (e/h) E.
    """
    fig, data = band_and_current_figure(U_L, U_R, Delta, margin=_margin(U_L, U_R, Delta))
    axb, axj = fig.axes
    axb.set_ylabel(r"energy, $\varepsilon_F$ [$E$]")
    axj.set_xlabel(r"$J_y\ [(e/h)\,E]$")
    J = float(total_current(eps_F, U_L, U_R, Delta))
    name = str(regime(eps_F, U_L, U_R, Delta))
    for ax in (axb, axj):
        ax.axhline(eps_F, color="crimson", lw=1.2)
    axj.plot([J], [eps_F], "o", color="crimson")
    axb.set_title(rf"$\varepsilon_F = {eps_F:.2f}$: {name}", fontsize=9)
    axj.set_title(rf"$J_y = {J:.3f}\,(e/h)\,E = {J / Delta:.3f}\,e\Delta/h$", fontsize=9)
    lo, hi = axb.get_ylim()
    return fig, {"eps_F": eps_F, "U_L": U_L, "U_R": U_R, "Delta": Delta, "regime": name, "J_y": J,
                 "energy_axis": (lo, hi)}


def _summary_text(s):
    return (
        f"eps_F = {s['eps_F']:.2f}, U_L = {s['U_L']:.2f}, U_R = {s['U_R']:.2f}, Delta = {s['Delta']:.2f}: "
        f"{s['regime']}, J_y = {s['J_y']:.4f} (e/h) E = {s['J_y'] / s['Delta']:.4f} e Delta/h "
        "(energies in one unit E)"
    )


def explore_step_current(eps_F=0.1, U_L=-0.4, U_R=0.6, Delta=1.0):
    """Show the explorer (live sliders in Jupyter, a static PNG elsewhere).

    Returns a dict with the initial numbers (``eps_F, U_L, U_R, Delta, regime, J_y``) and, under
    ``"widgets"``, the sliders and the summary label, so that the explorer can be driven from code.
    """
    import ipywidgets as widgets
    from IPython.display import Image, clear_output, display

    sliders = {
        "eps_F": widgets.FloatSlider(value=eps_F, min=EPS_F_RANGE[0], max=EPS_F_RANGE[1], step=0.05,
                                     description="eps_F"),
        "U_L": widgets.FloatSlider(value=U_L, min=-3.0, max=3.0, step=0.05, description="U_L"),
        "U_R": widgets.FloatSlider(value=U_R, min=-3.0, max=3.0, step=0.05, description="U_R"),
        "Delta": widgets.FloatSlider(value=Delta, min=0.1, max=2.0, step=0.05, description="Delta"),
    }
    out = widgets.Output()
    label = widgets.Label()

    def redraw(_change=None):
        values = {k: s.value for k, s in sliders.items()}
        with out:
            clear_output(wait=True)
            fig, summary = draw_state(**values)
            plt.show()
        label.value = _summary_text(summary)

    for s in sliders.values():
        s.observe(redraw, names="value")
    ui = widgets.VBox([widgets.HBox(list(sliders.values())[:2]), widgets.HBox(list(sliders.values())[2:]), label, out])

    fig, summary = draw_state(eps_F, U_L, U_R, Delta)
    buf = io.BytesIO()
    # twice the pixels, shown at the figure's size (as the chapters' retina figures): sharp in the PDF
    size = {"width": int(fig.get_figwidth() * fig.dpi), "height": int(fig.get_figheight() * fig.dpi)}
    fig.savefig(buf, format="png", dpi=2 * fig.dpi)
    plt.close(fig)
    # the initial picture goes into the Output widget's state directly (no output capture needed,
    # which a headless runner such as nbval would not route into the widget)
    out.append_display_data(Image(data=buf.getvalue(), format="png", **size))
    label.value = _summary_text(summary)
    display(
        {
            "application/vnd.jupyter.widget-view+json": {"version_major": 2, "version_minor": 0, "model_id": ui.model_id},
            "image/png": base64.b64encode(buf.getvalue()).decode("ascii"),
            "text/plain": "Step-current explorer: " + _summary_text(summary),
        },
        raw=True,
        metadata={"image/png": size},
    )
    return {**summary, "widgets": {**sliders, "label": label}}
