r"""The universal equilibrium current along a potential step (paper Sec. II and App. A).

A massive Dirac electron gas, Eq. (2), sits in a potential :math:`U(x)` that is
flat, :math:`U_L`, far to the left and flat, :math:`U_R`, far to the right.
Eq. (8) turns the transverse current density of every pair of states
:math:`\pm p_y` into an :math:`x`-derivative, so the total current along the
step is a difference of two *end-point* terms, Eq. (9):
:math:`J_y = J_R - J_L`. In a flat region the end-point term is a sum over
plane waves that splits into a conduction-band and a valence-band part,
Eqs. (10)/(25) and (11)/(26).

Units and conventions
---------------------
* Energies (``eps_F``, ``U_L``, ``U_R``, ``U``, ``Delta``, ``eps_min``) in any
  one common unit.
* Currents are returned as :math:`J/(e/h)` with :math:`e = -|e|`, i.e. in units
  of :math:`e/h` times the energy unit. A return value of ``-1.0`` with
  energies in meV means :math:`J_y = -(e/h)\cdot 1\,\mathrm{meV}`.
* The prefactor is :math:`e/2h = e/(4\pi\hbar)`, as in the paper's Eq. (27).
  The paper prints Eqs. (10)-(12) and their restatement in Appendix A,
  Eqs. (25)-(26), with :math:`e/2\hbar`, which is too large by :math:`2\pi`;
  the plane-wave quadrature of Eq. (9) in :mod:`ahe_lib.plane_waves` decides
  this (see the book's errata, E1).
"""

from __future__ import annotations

import numpy as np

from ._validate import finite, positive, scalar_or_array

#: J/(e/h) per unit energy: the prefactor e/2h (printed in Eq. (27); Eqs. (10)-(12), (25), (26)
#: print e/2hbar, see the errata) in units of e/h.
PREFACTOR = 0.5


def step_potential(x, U_L, U_R, width=1.0):
    r"""A smooth step :math:`U(x) = U_L + (U_R-U_L)(1+\tanh(x/w))/2` (energy units; x and ``width`` in one length unit)."""
    return U_L + (U_R - U_L) * 0.5 * (1.0 + np.tanh(np.asarray(x, dtype=float) / width))


def conduction_current(eps_F, U, Delta):
    r"""End-point term of the conduction band, :math:`J^c_{R(L)}/(e/h)`, Eqs. (10) and (25).

    .. math:: J^c = \frac{e}{2h}\,(U + \Delta - \varepsilon_F)\quad
              \text{if } \varepsilon_F > U + \Delta,\qquad 0 \text{ otherwise.}

    Parameters
    ----------
    eps_F : float or array
        Fermi energy.
    U : float or array
        Flat potential at the end point (``U_R`` or ``U_L``).
    Delta : float or array
        Half the gap, > 0.

    Returns
    -------
    float or ndarray
        :math:`J^c/(e/h)`, in energy units; ``float`` if all inputs are scalars.
    """
    e, u, d = finite("eps_F", eps_F), finite("U", U), positive("Delta", Delta)
    out = -PREFACTOR * np.maximum(e - u - d, 0.0)
    return scalar_or_array(out, eps_F, U, Delta)


def valence_current(eps_F, U, Delta, eps_min):
    r"""End-point term of the valence band, :math:`J^v_{R(L)}/(e/h)`, Eqs. (11) and (26).

    All valence states with :math:`\varepsilon_{\min} < \varepsilon < \varepsilon_F` count:

    .. math:: J^v = \frac{e}{2h}\times\begin{cases}
              \varepsilon_{\min} + \Delta - U, & \varepsilon_F > U - \Delta\\
              \varepsilon_{\min} - \varepsilon_F, & \varepsilon_F < U - \Delta.\end{cases}

    The cut-off must lie below every state it cuts off from: ``eps_min <= U - Delta``
    (the top of the valence band) and ``eps_min <= eps_F``; otherwise the formula
    would count states that are not there and a ``ValueError`` is raised.

    Returns :math:`J^v/(e/h)` in energy units.
    """
    e, u, d = finite("eps_F", eps_F), finite("U", U), positive("Delta", Delta)
    m = finite("eps_min", eps_min)
    top = u - d
    if np.any(m > top):
        raise ValueError(
            "eps_min must lie at or below the top of the valence band, eps_min <= U - Delta "
            f"(here U - Delta = {np.min(top)!r}); got eps_min = {eps_min!r}"
        )
    if np.any(m > e):
        raise ValueError(f"eps_min must be <= eps_F (the window eps_min < eps < eps_F must not be inverted); got eps_min = {eps_min!r}, eps_F = {eps_F!r}")
    out = PREFACTOR * np.where(e > top, m + d - u, m - e)
    return scalar_or_array(out, eps_F, U, Delta, eps_min)


def end_point_current(eps_F, U, Delta, eps_min):
    r""":math:`J_{R(L)}/(e/h) = (J^c + J^v)/(e/h)`: the end-point term of Eq. (9) in a flat region."""
    return np.add(conduction_current(eps_F, U, Delta), valence_current(eps_F, U, Delta, eps_min))


def _common_eps_min(e, uL, uR, d):
    """An eps_min below both valence-band tops and below eps_F (it cancels from J_y)."""
    return np.minimum(np.minimum(uL, uR) - d, e) - d


def total_current(eps_F, U_L, U_R, Delta):
    r"""Total equilibrium current along a potential step, :math:`J_y/(e/h)`, Eqs. (12) and (27).

    :math:`J_y = J_R - J_L` with the band end-point terms of Eqs. (10)/(25) and
    (11)/(26); the valence cut-off :math:`\varepsilon_{\min}` cancels. Valid for
    any :math:`U_L, U_R` (step up or down, smaller or larger than the gap
    :math:`2\Delta`) and any shape of the step in between.

    Parameters
    ----------
    eps_F : float or array
        Fermi energy.
    U_L, U_R : float or array
        Potential far to the left and far to the right of the step.
    Delta : float or array
        Half the gap, > 0.

    Returns
    -------
    float or ndarray
        :math:`J_y/(e/h)` (energy unit times e/h, e = -|e|). A float when every
        input is a scalar, otherwise an array broadcast over the inputs.

    Examples
    --------
    >>> total_current(0.0, -0.5, 0.5, 1.0)   # insulating regime: (e/2h)(U_L - U_R)
    -0.5
    """
    e, uL, uR, d = (finite("eps_F", eps_F), finite("U_L", U_L), finite("U_R", U_R), positive("Delta", Delta))
    e, uL, uR, d = np.broadcast_arrays(e, uL, uR, d)
    m = _common_eps_min(e, uL, uR, d)
    out = np.asarray(end_point_current(e, uR, d, m)) - np.asarray(end_point_current(e, uL, d, m))
    return scalar_or_array(out, eps_F, U_L, U_R, Delta)


def paper_total_current(eps_F, U_L, U_R, Delta):
    r"""Eqs. (12) and (27) exactly as the paper tabulates them, in units of e/h.

    The paper states Eq. (12) for :math:`0 < U_R - U_L < 2\Delta` and Eq. (27) for
    :math:`U_R - U_L > 2\Delta`; outside ``U_R > U_L`` the tables do not apply and
    a ``ValueError`` is raised (use :func:`total_current`, which holds for all
    cases). The prefactor is the corrected :math:`e/2h` of Eq. (27) in both tables.
    Written out case by case, independently of :func:`total_current`, so that the
    two can be compared.
    """
    e, uL, uR, d = (finite("eps_F", eps_F), finite("U_L", U_L), finite("U_R", U_R), positive("Delta", Delta))
    if np.any(uR <= uL):
        raise ValueError("paper_total_current: the tables of Eqs. (12)/(27) need U_R > U_L; use total_current for U_R <= U_L")
    e, uL, uR, d = np.broadcast_arrays(e, uL, uR, d)
    small = (uR - uL) < 2 * d
    eq12 = np.select(
        [e > uR + d, e - d > uL, e > uR - d, e + d > uL],
        [0.0 * e, e - uR - d, uL - uR, uL - d - e],
        default=0.0 * e,
    )
    eq27 = np.select(
        [e > uR + d, e > uR - d, e > uL + d, e > uL - d],
        [0.0 * e, e - uR - d, -2.0 * d, uL - d - e],
        default=0.0 * e,
    )
    out = PREFACTOR * np.where(small, eq12, eq27)
    return scalar_or_array(out, eps_F, U_L, U_R, Delta)


#: Names of the phases of one flat region, by where eps_F sits.
_SIDE = {1: "c", 0: "gap", -1: "v"}


def side_phase(eps_F, U, Delta):
    """+1 if eps_F is in the conduction band of a flat region at potential U, -1 in the valence band, 0 in the gap."""
    e, u, d = finite("eps_F", eps_F), finite("U", U), positive("Delta", Delta)
    return np.where(e > u + d, 1, np.where(e < u - d, -1, 0))


def regime(eps_F, U_L, U_R, Delta):
    """Name of the transport regime (the paper's App. A vocabulary) for each eps_F.

    ``'metallic'`` (eps_F in the same band on both sides), ``'half-metallic'``
    (in the gap on one side only), ``'insulating'`` (in the gap on both sides) or
    ``'metal-metal'`` (conduction band on one side, valence band on the other,
    possible only when |U_R - U_L| > 2 Delta). Returns a str or an array of str.
    """
    sL, sR = side_phase(eps_F, U_L, Delta), side_phase(eps_F, U_R, Delta)
    sL, sR = np.broadcast_arrays(sL, sR)
    names = np.select(
        [(sL == 0) & (sR == 0), (sL == 0) ^ (sR == 0), sL == sR],
        ["insulating", "half-metallic", "metallic"],
        default="metal-metal",
    )
    return str(names) if names.ndim == 0 else names


def regime_boundaries(U_L, U_R, Delta):
    """The four band edges U_L -/+ Delta, U_R -/+ Delta in increasing order: where J_y(eps_F) has kinks."""
    uL, uR, d = float(finite("U_L", U_L)), float(finite("U_R", U_R)), float(positive("Delta", Delta))
    return np.sort(np.array([uL - d, uL + d, uR - d, uR + d]))


def landau_level_current(U, x_L, x_R, *, l_B=1.0):
    r"""Current of one completely filled Landau level drifting along a smooth potential, in units of e/h.

    The comparison quoted below Eq. (12) (Ref. [20], Halperin 1982). Landau gauge with
    guiding centres :math:`X = k\,l_B^2`; for :math:`U(x)` smooth on the scale of the
    magnetic length :math:`l_B` the level energy is :math:`\varepsilon(k) = \hbar\omega_c(n+\tfrac12) + U(k l_B^2)`
    and each state moves along y with the group velocity :math:`v_y = \partial\varepsilon/\hbar\partial k`.
    Summing :math:`e v_y` over the filled states, :math:`\int dk/2\pi` per unit length, with the
    guiding centre between ``x_L`` and ``x_R`` gives :math:`J_y`. Computed by quadrature of the
    group velocity (derivative of ``U`` by central differences), for the field direction in
    which a state at higher U moves towards +y; the opposite field flips the sign.

    Parameters: ``U`` vectorised callable (energy units), ``x_L < x_R`` positions, ``l_B`` > 0.
    Returns :math:`J_y/(e/h)` in energy units (hbar = 1).
    """
    from scipy import integrate

    xL, xR = float(finite("x_L", x_L)), float(finite("x_R", x_R))
    lb = float(positive("l_B", l_B))
    if not xL < xR:
        raise ValueError(f"need x_L < x_R; got x_L = {x_L!r}, x_R = {x_R!r}")
    h = 1e-4 * lb

    def v_y(k):  # d eps / dk  (hbar = 1)
        X = k * lb * lb
        return (U(X + h) - U(X - h)) / (2 * h) * lb * lb

    val, _ = integrate.quad(v_y, xL / lb**2, xR / lb**2, limit=400, epsabs=1e-13, epsrel=1e-12)
    # J = e * integral dk/(2 pi) v_y  and  e/h = e/(2 pi) with hbar = 1, so J/(e/h) = integral dk v_y
    return val


def total_current_thermal(eps_F, U_L, U_R, Delta, T):
    r"""Eqs. (12)/(27) averaged over the Fermi window at temperature T: :math:`J_y(\varepsilon_F, T)/(e/h)`.

    :math:`J_y(\varepsilon_F,T) = \int d\varepsilon\,(-\partial_\varepsilon f_T(\varepsilon-\varepsilon_F))\,J_y^{T=0}(\varepsilon)`
    with :math:`J_y^{T=0}` of :func:`total_current`. Writing
    :math:`J_y^{T=0}(\varepsilon)/(e/h) = \tfrac12[c(\varepsilon-U_R) - c(\varepsilon-U_L)]`,
    :math:`c(z) = \mathrm{clip}(z,-\Delta,\Delta) = -\Delta + r(z+\Delta) - r(z-\Delta)`,
    :math:`r(z) = \max(z, 0)`, and using :math:`\int(-f_T')\,r(\varepsilon - a)\,d\varepsilon =
    T\ln(1+e^{(\varepsilon_F-a)/T})`, the average is closed-form:

    .. math:: \frac{J_y}{e/h} = \frac T2\Big[s\big(\tfrac{\varepsilon_F-U_R+\Delta}{T}\big) - s\big(\tfrac{\varepsilon_F-U_R-\Delta}{T}\big)
              - s\big(\tfrac{\varepsilon_F-U_L+\Delta}{T}\big) + s\big(\tfrac{\varepsilon_F-U_L-\Delta}{T}\big)\Big],
              \quad s(z) = \ln(1+e^z).

    Energies in one common unit, ``T`` > 0 in energy units (:math:`k_B = 1`). Returns a float for
    scalar input, else an array. Tends to :func:`total_current` as T -> 0.
    """
    e, uL, uR, d = (finite("eps_F", eps_F), finite("U_L", U_L), finite("U_R", U_R), positive("Delta", Delta))
    t = positive("T", T)

    def s(z):
        return np.logaddexp(0.0, z)

    out = 0.5 * t * (s((e - uR + d) / t) - s((e - uR - d) / t) - s((e - uL + d) / t) + s((e - uL - d) / t))
    return scalar_or_array(out, eps_F, U_L, U_R, Delta, T)
