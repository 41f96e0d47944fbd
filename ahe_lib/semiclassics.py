r"""Semiclassics with the orbital moment: the equilibrium current of a smooth potential.

Wave-packet theory (Xiao, Yao, Fang and Niu 2006; Cooper, Halperin and Ruzin 1997) gives the
local equilibrium current density of a slowly varying potential :math:`U(\mathbf r)` as the
current of the Berry velocity, Eq. (1) of the paper, *plus* the curl of the density of the
orbital magnetic moments of the occupied states (the moment of Eq. (64), with :math:`\hbar` in
the numerator):

.. math:: \mathbf j = \mathbf j_{B} + \nabla\times\big(M_{\rm orb}(\mu)\,\hat{\mathbf z}\big),
          \qquad \mu(\mathbf r) = \varepsilon_F - U(\mathbf r).

Equivalently it is the curl of the full thermodynamic magnetization
:math:`M_{\rm th}(\mu) = \sum_{\rm occ}[m + (e/\hbar)\,\Omega\,(\mu-\varepsilon)]` (the Berry
term's curl is :math:`\mathbf j_B`), so that :math:`\mathbf j = M_{\rm th}'(\mu)\,
\mathbf n_z\times\nabla U` with the Streda-type derivative :math:`\partial M_{\rm th}/\partial\mu`.

Everything is per unit of the local gradient: ``current_coefficient`` returns :math:`c(\mu)` with

.. math:: \mathbf j(\mathbf r)/(e/h) = c(\mu)\ \mathbf n_z\times\nabla U(\mathbf r),
          \qquad\text{for }U = U(x):\ j_y/(e/h) = c(\mu)\,U'(x).

Routes
------
* **Quadrature** (this module's ``*_quadrature`` functions): the orbital moment and the Berry
  curvature of each state from the *numerical* eigenvectors of the Bloch Hamiltonian
  (:func:`ahe_lib.berry.bloch_hamiltonian`) by the interband formulas, summed over the occupied
  states by Gauss-Legendre quadrature in :math:`t=\arctan(p/\Delta)`.
* **Closed forms** (the ``*_closed_form`` functions): the book's own integrals,
  :math:`M_{\rm orb}` from :math:`m = e\Delta/(2(\Delta^2+p^2))`, the Berry term from
  :math:`\Omega_v = -\Omega_c = \tfrac12\Delta/(\Delta^2+p^2)^{3/2}`.

Sign conventions
----------------
The orbital moment of band :math:`n` per unit of the (signed) charge :math:`e`,

.. math:: m_n/e = \mathrm{Im}\sum_{l\ne n}\frac{\langle n|\partial_{p_x}H|l\rangle
          \langle l|\partial_{p_y}H|n\rangle}{\varepsilon_n-\varepsilon_l}
          = -\tfrac12(\varepsilon_n-\varepsilon_l)\,\Omega_n \quad(\text{two bands}),

with :math:`\Omega_n` in the paper's convention (:func:`ahe_lib.berry.berry_curvature`); it is
the same for both bands, :math:`\Delta/(2(\Delta^2+p^2))`. That the moment enters with this sign
relative to :math:`e` is what Appendix E's exact ray test measures; the book's chapter
``beyond_orbital_moment`` tests the resulting current against exact eigenstates.

Magnetizations of the filled valence band diverge logarithmically (its moments and its
:math:`\Omega(\mu-\varepsilon)` fall as :math:`1/p^2`); only derivatives matter for currents, so
every magnetization here is measured from the neutral state :math:`\mu = 0` (filled valence band,
empty conduction band): :math:`M(\mu) - M(0)`.

Units: :math:`\hbar = v_F = 1`; momenta and :math:`\mu` in energy units; magnetizations in units
of :math:`(e/h)\times` energy (a current), currents per length in :math:`(e/h)\times` energy/length,
with :math:`e = -|e|` as everywhere in :mod:`ahe_lib`. ``Delta`` > 0.
"""

from __future__ import annotations

import numpy as np

from ._validate import finite, positive, scalar_or_array
from .berry import berry_curvature, interband_velocity_product

_BANDS = {"c": 1, "v": 0}
_PARTS = ("berry", "moment", "total")


def _delta(Delta) -> float:
    d = positive("Delta", Delta)
    if d.ndim != 0:
        raise ValueError(f"Delta must be a single number > 0; got {Delta!r}")
    return float(d)


def _band(band, allow_both=True):
    names = ("c", "v", "both") if allow_both else ("c", "v")
    if band not in names:
        raise ValueError(f"band must be one of {names}; got {band!r}")
    return band


def _nodes(n_nodes):
    if int(n_nodes) != n_nodes or n_nodes < 8:
        raise ValueError(f"n_nodes must be an integer >= 8; got {n_nodes!r}")
    return np.polynomial.legendre.leggauss(int(n_nodes))


# --- the orbital moment of one state --------------------------------------------------------

def orbital_moment(p_x, p_y, Delta, band):
    r"""Orbital moment :math:`m_n(\mathbf p)/e` of ``band`` ('c' or 'v') from numerical eigenvectors.

    Interband formula :math:`m_n/e = \mathrm{Im}\,\langle n|\sigma_x|l\rangle\langle l|\sigma_y|n\rangle
    /(\varepsilon_n-\varepsilon_l)` on the eigenvectors of :math:`H = \sigma_xp_x+\sigma_yp_y+\Delta\sigma_z`
    (``numpy.linalg.eigh``; gauge invariant). :math:`\hbar=v_F=1`: units of :math:`\hbar v_F^2/`energy
    (with :math:`e`: a magnetic moment). Compare :func:`orbital_moment_closed_form` (Eq. 64 corrected).
    """
    _band(band, allow_both=False)
    _delta(Delta)
    im_xy, gap = interband_velocity_product(p_x, p_y, Delta, band)
    return scalar_or_array(im_xy / gap, p_x, p_y)


def orbital_moment_closed_form(p, Delta, *, hbar=1.0, v_F=1.0):
    r"""Eq. (64) with :math:`\hbar` in the numerator: :math:`m/e = \hbar v_F^2\Delta/(2(\Delta^2+v_F^2p^2))`.

    Written with the mass :math:`m^* = \Delta/v_F^2`, this is :math:`(e\hbar/2)\,m^*v_F^2/(m^{*2}v_F^2+p^2)`
    (the paper prints :math:`e/2\hbar`). ``p`` a momentum, ``Delta`` an energy > 0, ``hbar``,
    ``v_F`` > 0 (default 1). Same for both bands.
    """
    q = finite("p", p)
    d = _delta(Delta)
    hb, v = float(positive("hbar", hbar)), float(positive("v_F", v_F))
    out = hb * v * v * d / (2 * (d * d + v * v * q * q))
    return scalar_or_array(out, p)


# --- quadrature over the occupied states ----------------------------------------------------

def _radial(mu, Delta, n_nodes, n_phi, integrand):
    """sum over bands of int_0^inf p dp <integrand(p, phi, band, mu)>_phi, split at p_F.

    ``integrand(px, py, band, mu_col)`` returns the summand (already including occupation
    differences); evaluated on t = arctan(p/Delta) in [0, t_F] and [t_F, pi/2].
    """
    d = _delta(Delta)
    x, w = _nodes(n_nodes)
    if int(n_phi) != n_phi or n_phi < 1:
        raise ValueError(f"n_phi must be an integer >= 1; got {n_phi!r}")
    phi = 2 * np.pi * np.arange(int(n_phi)) / int(n_phi)
    mu1 = np.atleast_1d(mu).astype(float)
    tF = np.arctan(np.sqrt(np.maximum(mu1 * mu1 - d * d, 0.0)) / d)
    out = np.zeros_like(mu1)
    for lo, hi in ((np.zeros_like(tF), tF), (tF, np.full_like(tF, 0.5 * np.pi))):
        half = 0.5 * (hi - lo)
        t = half[:, None] * x + 0.5 * (hi + lo)[:, None]
        p = d * np.tan(t)
        jac = d / np.cos(t) ** 2 * half[:, None]
        px, py = p[..., None] * np.cos(phi), p[..., None] * np.sin(phi)
        val = integrand(px, py, p[..., None], mu1[:, None, None]).mean(axis=-1)
        out += np.sum(w * jac * p * val, axis=-1)
    return out


def _occ(band, E, mu):
    """Occupation (T = 0) of band at |d| = E for local Fermi energy mu."""
    return (E < mu) if band == "c" else (-E < mu)


def moment_magnetization_quadrature(mu, Delta, band="both", n_nodes=32, n_phi=3):
    r""":math:`[M_{\rm orb}(\mu)-M_{\rm orb}(0)]/(e/h) = \int p\,dp\,\langle m/e\rangle_\phi\,[n(\mu)-n(0)]`.

    :math:`h\sum_{\rm occ} = 2\pi\int d^2p/(2\pi)^2 = \int p\,dp\,\langle\cdot\rangle_\phi`. Moments from
    :func:`orbital_moment` (numerical eigenvectors), T = 0 occupation at ``mu``. Units (e/h)·energy.
    """
    _band(band)
    m = finite("mu", mu)
    bands = ("c", "v") if band == "both" else (band,)

    def f(px, py, p, mu_col):
        E = np.sqrt(_delta(Delta) ** 2 + p * p)
        s = 0.0
        for b in bands:
            dn = _occ(b, E, mu_col).astype(float) - _occ(b, E, 0.0)
            s = s + orbital_moment(px, py, Delta, b) * dn
        return s

    out = _radial(m, Delta, n_nodes, n_phi, f)
    return scalar_or_array(out.reshape(m.shape), mu)


def berry_magnetization_quadrature(mu, Delta, band="both", n_nodes=32, n_phi=3):
    r"""Berry (Streda) term :math:`[M_B(\mu)-M_B(0)]/(e/h)` whose curl is the Berry-velocity current.

    :math:`M_B(\mu)/(e/h) = -\int p\,dp\,\langle\Omega_z\rangle_\phi\,(\mu-\varepsilon)\,n(\mu)`
    (paper's sign convention for :math:`\Omega`, :func:`ahe_lib.berry.berry_curvature`; the sign makes
    :math:`\nabla\times M_B\hat z` equal to the current of the Berry velocity of Eq. (1),
    :math:`-\Phi(\mu)\,\mathbf n_z\times\nabla U`, see :func:`ahe_lib.berry.occupied_berry_flux`).
    Measured from :math:`\mu = 0`. Units (e/h)·energy.
    """
    _band(band)
    m = finite("mu", mu)
    bands = ("c", "v") if band == "both" else (band,)
    d = _delta(Delta)

    def f(px, py, p, mu_col):
        E = np.sqrt(d * d + p * p)
        s = 0.0
        for b in bands:
            eb = E if b == "c" else -E
            diff = _occ(b, E, mu_col) * (mu_col - eb) - _occ(b, E, 0.0) * (0.0 - eb)
            s = s - berry_curvature(px, py, d, b) * diff
        return s

    out = _radial(m, Delta, n_nodes, n_phi, f)
    return scalar_or_array(out.reshape(m.shape), mu)


# --- closed forms ------------------------------------------------------------------------------

def moment_magnetization_closed_form(mu, Delta, band="both"):
    r""":math:`[M_{\rm orb}(\mu)-M_{\rm orb}(0)]/(e/h)`: :math:`\tfrac{\Delta}2\ln(\mu/\Delta)` (c, :math:`\mu>\Delta`),
    :math:`-\tfrac{\Delta}2\ln(|\mu|/\Delta)` (v, :math:`\mu<-\Delta`), 0 otherwise."""
    _band(band)
    m = finite("mu", mu)
    d = _delta(Delta)
    lg = 0.5 * d * np.log(np.maximum(np.abs(m), d) / d)
    out = {"c": np.where(m > d, lg, 0.0), "v": np.where(m < -d, -lg, 0.0)}
    out["both"] = out["c"] + out["v"]
    return scalar_or_array(out[band], mu)


def berry_magnetization_closed_form(mu, Delta, band="both"):
    r""":math:`[M_B(\mu)-M_B(0)]/(e/h) = -\int_0^\mu\Phi(\mu')\,d\mu'` with :math:`\Phi` the occupied Berry flux.

    Conduction: :math:`\tfrac12[(\mu-\Delta)-\Delta\ln(\mu/\Delta)]` for :math:`\mu>\Delta`; valence:
    :math:`-\mu/2` for :math:`\mu\ge-\Delta`, :math:`\tfrac{\Delta}2[1+\ln(|\mu|/\Delta)]` below.
    """
    _band(band)
    m = finite("mu", mu)
    d = _delta(Delta)
    lg = np.log(np.maximum(np.abs(m), d) / d)
    c = np.where(m > d, 0.5 * ((m - d) - d * lg), 0.0)
    v = np.where(m >= -d, -0.5 * m, 0.5 * d * (1 + lg))
    return scalar_or_array({"c": c, "v": v, "both": c + v}[band], mu)


def thermodynamic_magnetization(mu, Delta):
    r""":math:`[M_{\rm th}(\mu)-M_{\rm th}(0)]/(e/h) = -\tfrac12\,\mathrm{clip}(\mu,-\Delta,\Delta)`.

    The sum of :func:`moment_magnetization_closed_form` and :func:`berry_magnetization_closed_form`
    (both bands): the logarithms cancel. Its Streda derivative
    :math:`\partial M_{\rm th}/\partial\mu = -\tfrac12\theta(|\mu|<\Delta)` (units e/h).
    """
    m = finite("mu", mu)
    d = _delta(Delta)
    return scalar_or_array(-0.5 * np.clip(m, -d, d), mu)


def current_coefficient(mu, Delta, band="both", part="total"):
    r""":math:`c(\mu)` in :math:`\mathbf j/(e/h) = c(\mu)\,\mathbf n_z\times\nabla U` (closed form, first order in :math:`\nabla U`).

    ``part``: ``'berry'`` the Berry-velocity current, :math:`c_B = -\Phi(\mu)`
    (:math:`\Phi_c = -\tfrac12(1-\Delta/\mu)\theta(\mu>\Delta)`, :math:`\Phi_v = \tfrac12\min(1,\Delta/|\mu|)`);
    ``'moment'`` the curl of the orbital-moment magnetization, :math:`c_M = \partial M_{\rm orb}/\partial\mu`
    (:math:`\Delta/(2|\mu|)` inside either band); ``'total'`` their sum,
    :math:`+\tfrac12\theta(\mu>\Delta)` (c), :math:`-\tfrac12\theta(\mu>-\Delta)` (v),
    :math:`-\tfrac12\theta(|\mu|<\Delta)` (both). ``mu`` = :math:`\varepsilon_F-U(\mathbf r)`.
    (From :math:`\nabla\times(M\hat z) = -\hat z\times\nabla M` and :math:`\nabla\mu = -\nabla U`.)
    """
    _band(band)
    if part not in _PARTS:
        raise ValueError(f"part must be one of {_PARTS}; got {part!r}")
    m = finite("mu", mu)
    d = _delta(Delta)
    a = np.maximum(np.abs(m), d)
    phi = {"c": np.where(m > d, -0.5 * (1 - d / a), 0.0),
           "v": np.where(m > -d, 0.5, 0.5 * d / a)}
    mom = {"c": np.where(m > d, 0.5 * d / a, 0.0), "v": np.where(m < -d, 0.5 * d / a, 0.0)}
    bands = ("c", "v") if band == "both" else (band,)
    out = np.zeros_like(m)
    for b in bands:
        if part in ("berry", "total"):
            out = out - phi[b]
        if part in ("moment", "total"):
            out = out + mom[b]
    return scalar_or_array(out, mu)


def current_density_1d(U_x, dU_x, eps_F, Delta, band="both", part="total"):
    r"""Semiclassical :math:`j_y(x)/(e/h) = c(\varepsilon_F-U(x))\,U'(x)` for a potential :math:`U(x)`.

    ``U_x``, ``dU_x``: the potential and its slope on a grid (energy, energy/length); see
    :func:`current_coefficient`. Units (e/h)·energy/length.
    """
    u, du = finite("U_x", U_x), finite("dU_x", dU_x)
    e = float(finite("eps_F", eps_F))
    out = current_coefficient(e - u, Delta, band, part) * du
    return scalar_or_array(out, U_x, dU_x)


def current_coefficient_thermal(mu, Delta, T, band="both"):
    r"""The total :math:`c(\mu)` of :func:`current_coefficient` averaged over the Fermi window at ``T``.

    :math:`c_T(\mu) = \int d\varepsilon\,(-\partial_\varepsilon f(\varepsilon-\mu))\,c(\varepsilon)`,
    :math:`f(z) = 1/(e^{z/T}+1)`: :math:`+\tfrac12 f(\Delta-\mu)` (c), :math:`-\tfrac12 f(-\Delta-\mu)` (v),
    their sum :math:`-\tfrac12[f(-\Delta-\mu)-f(\Delta-\mu)]` (both). ``T`` > 0, energy units (:math:`k_B=1`).
    """
    from scipy.special import expit

    _band(band)
    m = finite("mu", mu)
    d = _delta(Delta)
    t = float(positive("T", T))
    c, v = 0.5 * expit((m - d) / t), -0.5 * expit((m + d) / t)
    return scalar_or_array({"c": c, "v": v, "both": c + v}[band], mu)


def sinusoid_exact_profile(A, slope, *, Delta=1.0, eps_F=0.0, T=0.1, k_factor=1.3,
                           w_min=0.15):
    r"""Exact :math:`j_y(x)/(e/h)` of the periodic potential :math:`U = A\sin(2\pi x/L)` (Eq. 3, diagonalisation).

    ``A`` the amplitude (energy), ``slope`` the largest :math:`|U'|` (energy/length, sets
    :math:`L = 2\pi A/\text{slope}`). One period holds both signs of :math:`U'` and, for
    :math:`A > \Delta + |\varepsilon_F|`, regions where :math:`\mu = \varepsilon_F - U` lies in the
    conduction band, in the gap and in the valence band. Computed by
    :func:`ahe_lib.exact_current.current_density` (doubler-free spectral :math:`p_x`, mass frame of
    Eq. (6), Fermi function at ``T``, smooth lower cut-off of width ``w_min`` placed below every local
    valence-band top; the box is the period, so there is no edge). Grid: odd N with
    :math:`\pi N/L \ge` ``k_factor`` :math:`\times` the largest kinetic momentum in the energy window;
    :math:`p_y` trapezoid with spacing :math:`\le\min(1.9T, 0.84 w_{\min})`.

    Returns a dict with ``x``, ``U``, ``dU`` (exact slope), ``mu``, ``j`` (exact), ``j_c`` (the part of
    the states above the local mid-gap, :math:`\varepsilon_n > U(x)`), ``L``, ``N``, ``n_py``.
    Units :math:`\hbar = v_F = 1`.
    """
    from .exact_current import current_density, py_bound
    from .exact_solver import periodic_grid

    a = float(positive("A", A))
    s = float(positive("slope", slope))
    d = _delta(Delta)
    e = float(finite("eps_F", eps_F))
    t = float(positive("T", T))
    if a <= d + abs(e):
        raise ValueError(f"A must exceed Delta + |eps_F| = {d + abs(e)} so that mu reaches both bands; "
                         f"got {A!r}")
    L = 2 * np.pi * a / s
    eps_min = -a - d - 0.2 * d - 5.9 * w_min
    e_lo, e_hi = eps_min - 5.9 * w_min, e + 25.0 * t
    kmax = max(e_hi + a, a - e_lo)
    N = int(np.ceil(float(k_factor) * kmax * L / np.pi)) | 1
    x = periodic_grid(L, N)
    ph = 2 * np.pi * x / L
    U, dU = a * np.sin(ph), s * np.cos(ph)
    P = py_bound(e_lo, e_hi, -a, a, d)
    n_py = int(np.ceil(P / min(1.9 * t, 0.84 * w_min)))
    r = current_density(U, L=L, Delta=d, eps_F=[e], T=t, n_py=n_py, eps_min=eps_min, w_min=w_min,
                        band_split=True)
    return {"x": x, "U": U, "dU": dU, "mu": e - U, "j": r["j"][0], "j_c": r["j_c"][0], "L": L,
            "N": N, "n_py": n_py}
