r"""Independent route to the band currents: Eq. (9) summed over plane waves by 2D quadrature.

In a flat region at potential :math:`U` the eigenstates of Eq. (2) are plane
waves :math:`e^{i\mathbf p\cdot\mathbf r/\hbar}u_\pm(\mathbf p)` with energies
:math:`U\pm E(\mathbf p)`, :math:`E = \sqrt{\Delta^2 + v_F^2 p^2}`, and unit
density :math:`\psi^\dagger\psi = 1` (box normalisation). Summing Eq. (9)
over them with :math:`\sum_i \to \int d^2p/(2\pi\hbar)^2` gives

.. math:: J_{R(L)} = -\frac{e\Delta\hbar v_F^2}{2}\int\frac{d^2p}{(2\pi\hbar)^2}\,
          \frac{\psi^\dagger\psi}{\Delta^2 + v_F^2p_y^2},

over the occupied states of the chosen band. Here the :math:`(p_x, p_y)`
integral is done numerically (``scipy.integrate.dblquad``) with explicit
:math:`\hbar` and :math:`v_F`, so that the overall prefactor is decided by
computation rather than by algebra; the closed forms of Eqs. (10)/(11) never
enter. The spinor density is obtained from the numerically normalised
eigenvector of the 2x2 Bloch Hamiltonian at each :math:`\mathbf p`.

Units: energies in any common unit (``hbar`` and ``v_F`` in matching units);
the result is :math:`J/(e/h)`, energy unit times e/h, e = -|e|.
"""

from __future__ import annotations

import numpy as np
from scipy import integrate

from ._validate import finite, positive
from .berry import bloch_hamiltonian as _bloch



def bloch_hamiltonian(p_x, p_y, Delta, v_F=1.0):
    """2x2 Bloch Hamiltonian of Eq. (2) at momentum (p_x, p_y) with U = 0 (energy units)."""
    return _bloch(v_F * p_x, v_F * p_y, Delta)


def plane_wave_density(p_x, p_y, Delta, band, v_F=1.0):
    r""":math:`\psi^\dagger\psi` of the unit-normalised plane wave of ``band`` ('c' or 'v') at p.

    Computed from the eigenvector returned by ``numpy.linalg.eigh`` (always 1 up to
    rounding for a box-normalised plane wave; kept explicit so that the quadrature
    sums the same object as Eq. (9)).
    """
    w, v = np.linalg.eigh(bloch_hamiltonian(p_x, p_y, Delta, v_F))
    u = v[:, 1 if band == "c" else 0]
    return float(np.real(np.vdot(u, u)))


def _disk_integral(P, Delta, v_F, band, rtol):
    """∫_{|p|<P} d^2p psi^+psi / (Delta^2 + v_F^2 p_y^2), by dblquad over p_x (inner) and p_y (outer)."""
    if P <= 0:
        return 0.0

    def integrand(p_x, p_y):
        return plane_wave_density(p_x, p_y, Delta, band, v_F) / (Delta**2 + (v_F * p_y) ** 2)

    val, _err = integrate.dblquad(
        integrand,
        -P,
        P,
        lambda p_y: -np.sqrt(max(P * P - p_y * p_y, 0.0)),
        lambda p_y: np.sqrt(max(P * P - p_y * p_y, 0.0)),
        epsabs=0.0,
        epsrel=rtol,
    )
    return val


def _fermi_momentum(E, Delta, v_F):
    """|p| at which E(p) = sqrt(Delta^2 + v_F^2 p^2) reaches E; 0 when E <= Delta (no such state)."""
    if E <= Delta:
        return 0.0
    return np.sqrt(E * E - Delta * Delta) / v_F


def band_current_quadrature(eps_F, U, Delta, band, eps_min=None, *, hbar=1.0, v_F=1.0, rtol=1e-10):
    r"""End-point term :math:`J^{c}` or :math:`J^{v}` of Eq. (9), by 2D momentum quadrature, in units of e/h.

    Parameters
    ----------
    eps_F, U, Delta : float
        Fermi energy, flat potential at the end point, half gap (> 0).
    band : {'c', 'v'}
        Conduction band (occupied: :math:`U + E(p) < \varepsilon_F`) or valence band
        (occupied: :math:`\varepsilon_{\min} < U - E(p) < \varepsilon_F`).
    eps_min : float, required for ``band='v'``
        Lower cut-off of the valence band; must satisfy ``eps_min <= min(eps_F, U - Delta)``.
    hbar, v_F : float
        Kept explicit so that the result visibly does not depend on them and the
        factor :math:`2\pi\hbar = h` is produced by the computation.
    rtol : float
        Relative tolerance passed to ``dblquad``.

    Returns
    -------
    float
        :math:`J/(e/h) = (2\pi\hbar/e)\,J`; compare with :func:`ahe_lib.conduction_current`
        and :func:`ahe_lib.valence_current`.
    """
    e, u, d = float(finite("eps_F", eps_F)), float(finite("U", U)), float(positive("Delta", Delta))
    hbar, v_F = float(positive("hbar", hbar)), float(positive("v_F", v_F))
    if band == "c":
        integral = _disk_integral(_fermi_momentum(e - u, d, v_F), d, v_F, band, rtol)
    elif band == "v":
        if eps_min is None:
            raise ValueError("eps_min is required for band='v' (a cut-off below eps_F and below U - Delta)")
        m = float(finite("eps_min", eps_min))
        if m > min(e, u - d):
            raise ValueError(f"eps_min must be <= min(eps_F, U - Delta) = {min(e, u - d)!r}; got {m!r}")
        # occupied valence states: Delta <= E(p) with  eps_min < U - E < eps_F  <=>  max(U - eps_F, Delta) < E < U - eps_min
        p_out = _fermi_momentum(u - m, d, v_F)
        p_in = _fermi_momentum(max(u - e, d), d, v_F)
        integral = _disk_integral(p_out, d, v_F, band, rtol) - _disk_integral(p_in, d, v_F, band, rtol)
    else:
        raise ValueError(f"band must be 'c' or 'v'; got {band!r}")
    # J = -(e Delta hbar v_F^2 / 2) * integral / (2 pi hbar)^2 ;  J/(e/h) = J * 2 pi hbar / e
    current = -(d * hbar * v_F**2 / 2.0) * integral / (2.0 * np.pi * hbar) ** 2
    return current * 2.0 * np.pi * hbar


def total_current_quadrature(eps_F, U_L, U_R, Delta, eps_min, **kwargs):
    r""":math:`J_y/(e/h) = J_R - J_L` with all four band terms from :func:`band_current_quadrature` (scalar inputs)."""

    def side(U):
        return band_current_quadrature(eps_F, U, Delta, "c", **kwargs) + band_current_quadrature(
            eps_F, U, Delta, "v", eps_min, **kwargs
        )

    return side(U_R) - side(U_L)


def angular_integral(a):
    r""":math:`\int_0^{2\pi} d\phi/(a^2 + \cos^2\phi)` by numerical quadrature (the integral quoted below Eq. (10)).

    The paper's closed form is :math:`2\pi/(a\sqrt{a^2+1})`; this function does not use it. ``a`` > 0.
    """
    a = float(positive("a", a))
    val, _ = integrate.quad(lambda phi: 1.0 / (a * a + np.cos(phi) ** 2), 0.0, 2 * np.pi, limit=400, epsabs=0, epsrel=1e-13)
    return val
