r"""Current density of conduction-band electrons in a uniform field (paper Sec. III and App. B).

Model: non-relativistic conduction-band electrons of the Dirac Hamiltonian (2) in the
linear potential :math:`U(x) = Fx - \Delta`, Eqs. (13) and (28), at :math:`\varepsilon_F = 0`.
With :math:`\Delta = m v_F^2` the kinetic energy is :math:`p^2/2m`, and every state is an Airy
function. The anomalous current density is the derivative of the electron density, Eq. (29),
:math:`j_y = -e(\hbar/2m)\,\partial_x\rho`.

Lengths
-------
Every public function takes ``x`` in units of the paper's
:math:`x_0 = (\hbar^2 v_F^2/(\Delta F))^{1/3}` (the unit printed in the captions of Figs. 2, 5).
The Schrödinger equation :math:`(-\hbar^2\partial_x^2/2m + Fx)\phi = 0` is solved by
:math:`\mathrm{Ai}(x/\ell)` with the Airy length :math:`\ell = (\hbar^2/(2mF))^{1/3} = x_0/2^{1/3}`,
not by :math:`\mathrm{Ai}(x/x_0)` as Eq. (13) prints; Eqs. (31)-(33) are consistent only with
:math:`\ell` in place of :math:`x_0`. Functions here use the physically correct argument
:math:`x/\ell = 2^{1/3}x/x_0`; ``z`` denotes lengths in units of :math:`\ell` where stated.

Closed forms derived in this module (each checked against a direct quadrature in the tests)
------------------------------------------------------------------------------------------
* Product identity :math:`\int_0^\infty \mathrm{Ai}^2(\xi^2+s)\,d\xi = \tfrac14\int_{2^{2/3}s}^\infty \mathrm{Ai}(t)\,dt`,
  so the many-electron current of Eq. (33) is :math:`j_y(x)/j_\infty = A_1(2x/x_0)`,
  :math:`A_1(w) = \int_w^\infty \mathrm{Ai}(t)\,dt`, and its energy distribution is a single Airy function,
  :math:`j^{\varepsilon_F}_y(x) = (j_\infty/F)(2/x_0)\,\mathrm{Ai}(2x/x_0)`.
* Density, Eq. (32): :math:`\rho(x) = \frac{mFx_0}{2\pi\hbar^2}\cdot\tfrac12[-\mathrm{Ai}'(w) - wA_1(w)]`, :math:`w = 2x/x_0`.
* Height of the step: :math:`j_\infty = j_y(-\infty) = \frac{e}{4\pi\hbar}F = \frac{e}{2h}F` (Eq. (14) with the
  prefactor corrected from :math:`e/2\hbar`, erratum E1).

Units of returned values are stated per function; currents in units of :math:`j_\infty` are
dimensionless ratios, so they do not depend on :math:`\hbar, v_F, \Delta, F`.
"""

from __future__ import annotations

import numpy as np
from scipy.special import airy, roots_legendre

from ._validate import finite, positive, scalar_or_array

#: Airy length over the paper's x0: ell = x0 / 2**(1/3).
ELL_OVER_X0 = 2.0 ** (-1.0 / 3.0)


# ---------------------------------------------------------------------------------------------
# length scales
# ---------------------------------------------------------------------------------------------

def paper_x0(F, Delta, hbar=1.0, v_F=1.0):
    r"""The paper's length unit :math:`x_0 = (\hbar^2v_F^2/(\Delta F))^{1/3}` (Eq. (13), Figs. 2, 5).

    Units: length, in the units implied by ``hbar``, ``v_F``, ``Delta``, ``F`` (force = energy/length).
    Raises ``ValueError`` unless all arguments are finite and > 0.
    """
    F, Delta, hbar, v_F = (positive(n, v) for n, v in (("F", F), ("Delta", Delta), ("hbar", hbar), ("v_F", v_F)))
    return scalar_or_array((hbar**2 * v_F**2 / (Delta * F)) ** (1.0 / 3.0), F, Delta, hbar, v_F)


def airy_length(F, Delta, hbar=1.0, v_F=1.0):
    r"""Length :math:`\ell = (\hbar^2/(2mF))^{1/3}`, :math:`m = \Delta/v_F^2`, of the Airy solution :math:`\mathrm{Ai}(x/\ell)`.

    Equal to :math:`x_0/2^{1/3}` (see the module docstring: Eq. (13) prints :math:`x_0`).
    """
    return paper_x0(F, Delta, hbar, v_F) * ELL_OVER_X0


# ---------------------------------------------------------------------------------------------
# Gauss-Legendre helpers (vectorised over the integration interval)
# ---------------------------------------------------------------------------------------------

_GL_CACHE: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _gl(n):
    if n not in _GL_CACHE:
        t, w = roots_legendre(n)
        _GL_CACHE[n] = (0.5 * (t + 1.0), 0.5 * w)  # nodes/weights on [0, 1]
    return _GL_CACHE[n]


def _gl_integrate(func, a, b, n_nodes):
    """Integrate func over [a_i, b_i] for arrays a, b with per-element node counts (bucketed)."""
    a, b = np.broadcast_arrays(np.asarray(a, float), np.asarray(b, float))
    out = np.zeros(a.shape)
    n_nodes = np.broadcast_to(np.asarray(n_nodes, int), a.shape)
    for n in np.unique(n_nodes):
        sel = n_nodes == n
        t, w = _gl(int(n))
        aa, bb = a[sel][:, None], b[sel][:, None]
        pts = aa + (bb - aa) * t[None, :]
        out[sel] = ((bb - aa)[:, 0]) * (func(pts) @ w)
    return out


def _bucket(n):
    return (32 * np.ceil(np.asarray(n, float) / 32.0)).astype(int)


def _ai(z):
    return airy(z)[0]


# ---------------------------------------------------------------------------------------------
# the two Airy integrals
# ---------------------------------------------------------------------------------------------

#: Beyond w < -_W_ASYM the asymptotic series (DLMF 9.10.12, four terms; error < 5e-11) replaces quadrature.
_W_ASYM = 60.0


def airy_tail_integral(w):
    r""":math:`A_1(w) = \int_w^\infty \mathrm{Ai}(t)\,dt` (dimensionless), vectorised, absolute accuracy ~1e-13 (5e-11 for w < -60).

    Cumulative Gauss-Legendre quadrature: the sorted arguments split the axis into panels, each panel
    gets a node count that grows with the number of oscillations (phase :math:`\tfrac23|t|^{3/2}`) and
    the length it spans; :math:`w \ge 0` is integrated from a point where Ai is below 1e-30, :math:`w < 0`
    as :math:`1/3 + \int_w^0\mathrm{Ai}`. For :math:`w < -60` the asymptotic series
    :math:`1 - \pi^{-1/2}x^{-3/4}[\cos(\zeta+\pi/4)(1 - v_2\zeta^{-2}) + \sin(\zeta+\pi/4)(v_1\zeta^{-1} - v_3\zeta^{-3})]`,
    :math:`x = -w`, :math:`\zeta = \tfrac23x^{3/2}` (DLMF 9.10.12) is used; for w > 100 the value is 0 in double precision.
    (``scipy.special.itairy`` is only accurate to ~1e-7 and is not used.)
    """
    w_arr = finite("w", w)
    wf = w_arr.ravel()
    out = np.empty_like(wf)
    far_neg = wf < -_W_ASYM
    far_pos = wf > 100.0  # A1(100) ~ 1e-292: zero in double precision
    if np.any(far_neg):
        xn = -wf[far_neg]
        zeta = (2.0 / 3.0) * xn**1.5
        c, s_ = np.cos(zeta + np.pi / 4), np.sin(zeta + np.pi / 4)
        v1, v2, v3 = 41.0 / 72.0, 9241.0 / 10368.0, 5075225.0 / 2239488.0  # DLMF 9.10.12 (fitted check in tests)
        out[far_neg] = 1.0 - xn**-0.75 / np.sqrt(np.pi) * (c * (1 - v2 / zeta**2) + s_ * (v1 / zeta - v3 / zeta**3))
    out[far_pos] = 0.0
    pos = (wf >= 0) & ~far_pos
    for side in (pos, (wf < 0) & ~far_neg):
        if not np.any(side):
            continue
        z = wf[side]
        if side is pos:
            order = np.argsort(-z)                     # from large w down to 0
            start = max(float(z.max()) + 4.0, 16.0)    # Ai(16) ~ 1e-19 * Ai(0); A1(start) < 1e-30 * scale
            tail = _gl_integrate(_ai, np.array([start]), np.array([start + 8.0]), 64)[0]
            base = tail
        else:
            order = np.argsort(-z)                     # from 0 down to -inf
            start, base = 0.0, 1.0 / 3.0
        zs = z[order]
        edges = np.concatenate([[start], zs])
        phase = (2.0 / 3.0) * np.abs(edges) ** 1.5
        dlen = np.abs(np.diff(edges))
        rate = np.sqrt(np.maximum(np.abs(edges[1:]), np.abs(edges[:-1])))  # local wavenumber / decay rate
        n = (8 * np.ceil((8 + 1.5 * np.abs(np.diff(phase)) + 3.0 * dlen * (1.0 + 0.3 * rate)) / 8.0)).astype(int)
        panels = _gl_integrate(_ai, edges[1:], edges[:-1], n)
        res = np.empty_like(z)
        res[order] = base + np.cumsum(panels)
        out[side] = res
    return scalar_or_array(out.reshape(w_arr.shape), w)


def xi_integral(s, method="identity"):
    r""":math:`I(s) = \int_0^\infty \mathrm{Ai}^2(\xi^2 + s)\,d\xi` (dimensionless; ``s`` in units of :math:`\ell`), Eqs. (16), (33).

    ``method="identity"``: :math:`I(s) = \tfrac14 A_1(2^{2/3}s)` (product formula for :math:`\mathrm{Ai}^2`).
    ``method="quadrature"``: direct Gauss-Legendre quadrature in :math:`\xi` (:func:`_xi_quadrature`),
    split at the turning point :math:`\xi_a = \sqrt{-s}` with a node count growing with the phase
    :math:`\tfrac43|s|^{3/2}`.
    The two routes are independent; they agree to ~1e-13 (tests).
    """
    s_arr = finite("s", s)
    if method == "identity":
        return scalar_or_array(0.25 * np.asarray(airy_tail_integral(2.0 ** (2.0 / 3.0) * s_arr)), s)
    if method != "quadrature":
        raise ValueError(f"method must be 'identity' or 'quadrature'; got {method!r}")
    return scalar_or_array(_xi_quadrature(lambda z: _ai(z) ** 2, s_arr).reshape(s_arr.shape), s)


# ---------------------------------------------------------------------------------------------
# many electrons: Eqs. (32)-(35), (14), (16)
# ---------------------------------------------------------------------------------------------

def current_density_linear(x):
    r"""Conduction-band current density :math:`j_y(x)/j_\infty` for :math:`U = Fx - \Delta`, :math:`\varepsilon_F = 0` (Eq. (33), Fig. 2).

    ``x`` in units of the caption's :math:`x_0 = (\hbar^2v_F^2/(\Delta F))^{1/3}`; vectorised.
    :math:`j_\infty = j_y(x\to-\infty) = (e/2h)F` is the height of the step of Eq. (14).

    .. math:: \frac{j_y(x)}{j_\infty} = 4\int_0^\infty \mathrm{Ai}^2\!\Big(\xi^2 + \frac{x}{\ell}\Big)d\xi
              = \int_{2x/x_0}^\infty \mathrm{Ai}(t)\,dt,\qquad \ell = x_0/2^{1/3}.

    Tends to 1 for :math:`x\to-\infty` (oscillating, amplitude :math:`\propto|x|^{-3/4}`), to 0 for
    :math:`x\to+\infty`; equals 1/3 at :math:`x = 0`. Cost: ~1 ms per 1000 points.
    """
    x_arr = finite("x", x)
    return scalar_or_array(np.asarray(airy_tail_integral(2.0 * x_arr)), x)


def current_density_linear_quadrature(x):
    r"""Same as :func:`current_density_linear`, by the direct :math:`\xi`-quadrature of Eq. (33) (independent route)."""
    x_arr = finite("x", x)
    return scalar_or_array(4.0 * np.asarray(xi_integral(x_arr / ELL_OVER_X0, method="quadrature")), x)


def energy_distribution_linear(x):
    r"""Energy distribution :math:`x_0F\,j_y^{\varepsilon_F}(x)/j_\infty = 2\,\mathrm{Ai}(2x/x_0)` (Eqs. (34), (16); dashed line of Fig. 2).

    Defined as :math:`j^{\varepsilon_F} = \partial j_y/\partial\varepsilon_F = -(1/F)\,\partial_x j_y` (raising
    :math:`\varepsilon_F` shifts the profile to larger x; Eq. (34) prints the opposite sign). Integrates to 1
    over x (in units of :math:`x_0`): a δ-function of weight :math:`j_\infty/F`, Eq. (15).
    """
    x_arr = finite("x", x)
    return scalar_or_array(2.0 * _ai(2.0 * x_arr), x)


def smoothed_energy_distribution(x, width=1.0):
    r""":math:`\langle x_0F\,j^{\varepsilon_F}_y/j_\infty\rangle`: :func:`energy_distribution_linear` averaged with the
    normalised weight :math:`e^{-(x-x')^2/w^2}/(\sqrt\pi w)` (thick line of Fig. 2 for ``width`` = 1).

    Closed form (Gaussian-Airy convolution, checked against :func:`gaussian_smooth` in the tests):
    :math:`\int \mathrm{Ai}(t)e^{-(t-a)^2/\sigma^2}dt/(\sqrt\pi\sigma) = e^{\sigma^2a/4+\sigma^6/96}\mathrm{Ai}(a+\sigma^4/16)`
    with :math:`a = 2x`, :math:`\sigma = 2w`. ``x``, ``width`` in units of :math:`x_0`.
    """
    x_arr = finite("x", x)
    w = float(positive("width", width))
    a, sig = 2.0 * x_arr, 2.0 * w
    return scalar_or_array(2.0 * np.exp(sig**2 * a / 4.0 + sig**6 / 96.0) * _ai(a + sig**4 / 16.0), x)


def density_linear(x):
    r"""Electron density :math:`\rho(x)` of Eq. (32) in units of :math:`mFx_0/(2\pi\hbar^2)` (x in units of :math:`x_0`).

    .. math:: \rho = \tfrac12\big[-\mathrm{Ai}'(w) - w\,A_1(w)\big],\quad w = 2x/x_0,

    which tends to the semiclassical (Thomas-Fermi) density :math:`-x/x_0`, i.e. :math:`m(\varepsilon_F-U)/(2\pi\hbar^2)`,
    for :math:`x\to-\infty`. Its derivative gives the current: :math:`\partial_x\rho = -j_y/j_\infty` (Eq. (29)).
    """
    x_arr = finite("x", x)
    w = 2.0 * x_arr
    return scalar_or_array(0.5 * (-airy(w)[1] - w * np.asarray(airy_tail_integral(w))), x)


def density_linear_quadrature(x, n_eta=200):
    r"""Eq. (32) by direct double quadrature (independent route to :func:`density_linear`, same units).

    :math:`\rho/(mFx_0/2\pi) = 4\,(\ell/x_0)\int_0^\infty d\xi\int_0^\infty d\eta\,\mathrm{Ai}^2(\eta+\xi^2+s)`,
    :math:`s = x/\ell`: the :math:`\eta` integral by Gauss-Legendre on the oscillating and decaying parts,
    the :math:`\xi` integral by Gauss-Legendre. Scalar ``x`` only, in :math:`[-20, 5]`.
    """
    x = float(finite("x", x))
    if not -20.0 <= x <= 5.0:
        raise ValueError(f"x must lie in [-20, 5] for density_linear_quadrature; got {x}")
    s = x / ELL_OVER_X0
    xa = np.sqrt(max(-s, 0.0))
    xi_max = xa + 5.0
    t, w = _gl(max(64, int(40 + 1.5 * (4.0 / 3.0) * max(-s, 0.0) ** 1.5)))
    xi = xi_max * t
    inner = np.empty_like(xi)
    for i, q in enumerate(xi):
        a = q * q + s  # eta from 0: Ai^2(eta + a)
        lo = 0.0
        parts = []
        if a < 0:
            n = int(_bucket(40 + 1.2 * (4.0 / 3.0) * (-a) ** 1.5))
            tt, ww = _gl(n)
            eta = -a * tt
            parts.append(-a * (_ai(eta + a) ** 2 @ ww))
            lo = -a
        tt, ww = _gl(64)
        eta = lo + 16.0 * tt
        parts.append(16.0 * (_ai(eta + a) ** 2 @ ww))
        inner[i] = sum(parts)
    return 4.0 * ELL_OVER_X0 * xi_max * (inner @ w)


def semiclassical_current_eq35(x, n=400):
    r"""Eq. (35) by quadrature, in units of :math:`j_\infty`: :math:`\frac{1}{\pi}\int_0^{|Fx|} d\varepsilon/\sqrt{\varepsilon(|Fx|-\varepsilon)}`
    for x < 0 (0 for x ≥ 0). Gauss-Chebyshev-free check: substitution :math:`\varepsilon = |Fx|\sin^2\theta` done numerically
    via Gauss-Legendre in θ. Returns 1 for every x < 0 (the step, Eq. (14))."""
    x_arr = finite("x", x)
    t, w = _gl(n)
    th = 0.5 * np.pi * t
    out = np.zeros(x_arr.shape)
    neg = x_arr < 0
    if np.any(neg):
        E = -x_arr[neg][..., None]  # |Fx| with F = 1
        eps = E * np.sin(th) ** 2
        deps = E * 2 * np.sin(th) * np.cos(th) * 0.5 * np.pi
        integrand = deps / np.sqrt(eps * (E - eps))
        out[neg] = (integrand @ w) / np.pi
    return scalar_or_array(out, x)


def delta_shape_eq16(r_perp, r0=1.0, corrected=True):
    r"""Shape of the δ-function of Eq. (16), :math:`\delta(\varepsilon-U-\Delta)|\nabla U|` as a function of
    :math:`r_\perp = (\varepsilon - U - \Delta)/|\nabla U|` (same length unit as ``r0``; returns 1/length).

    ``corrected=True`` (default): :math:`4\,\frac{d}{dr_\perp}\int_0^\infty\mathrm{Ai}^2(\xi^2 - r_\perp/\ell)d\xi
    = (2/r_0)\,\mathrm{Ai}(-2r_\perp/r_0)`, :math:`\ell = r_0/2^{1/3}`, unit weight.
    ``corrected=False``: the right side of Eq. (16) as printed,
    :math:`\frac{d}{dr_\perp}\int_0^\infty\mathrm{Ai}^2(\xi^2 + r_\perp/r_0)d\xi`, which has weight -1/4 and its
    oscillations on the classically forbidden side.
    """
    r = finite("r_perp", r_perp)
    r0 = float(positive("r0", r0))
    if corrected:
        return scalar_or_array((2.0 / r0) * _ai(-2.0 * r / r0), r_perp)
    # d/dr I(r/r0) = (1/r0) I'(s), I'(s) = -(2^{2/3}/4) Ai(2^{2/3} s)
    s = r / r0
    return scalar_or_array(-(2.0 ** (2.0 / 3.0) / 4.0) * _ai(2.0 ** (2.0 / 3.0) * s) / r0, r_perp)


def delta_test_integral(x0, f, *, x_lim=12.0, n=6001):
    r""":math:`\int f(x)\,j^{\varepsilon}(x)\,dx` with :math:`j^\varepsilon = (2/x_0)\mathrm{Ai}(2x/x_0)` (units of
    :math:`j_\infty/F`), by trapezoid quadrature on :math:`[-x_{lim}, x_{lim}]` (f must decay there).
    Tends to f(0) as :math:`x_0\to0`; for smooth f the error is :math:`+x_0^3f'''(0)/24 + O(x_0^6)`, from the moments
    :math:`\int t^n\mathrm{Ai}(t)dt = 1, 0, 0, 2` for n = 0..3 (Ai has Fourier transform :math:`e^{ik^3/3}`).
    Raises ``ValueError`` if the grid does not resolve the shortest Airy period on the interval.
    """
    x0 = float(positive("x0", x0))
    x = np.linspace(-x_lim, x_lim, n)
    h = x[1] - x[0]
    period = np.pi * x0 / np.sqrt(2.0 * x_lim / x0)  # local half-period of Ai(2x/x0) at x = -x_lim
    if h > period / 8:
        raise ValueError(f"grid too coarse: spacing {h:.3g} does not resolve the Airy period {period:.3g}; "
                         f"increase n (need n >= {int(16 * x_lim / period) + 1}) or x0")
    g = f(x) * (2.0 / x0) * _ai(2.0 * x / x0)
    return float(np.sum(g) * h - 0.5 * h * (g[0] + g[-1]))


def gaussian_smooth(func, x, width, n_per_width=60, cutoff=7.0):
    r"""Average of ``func`` with the normalised weight :math:`e^{-(x-x')^2/w^2}/(\sqrt\pi w)` (Figs. 2, 5).

    Computed by the trapezoid rule in :math:`t = (x'-x)/w` on :math:`[-c, c]`, ``n_per_width`` points per
    unit of t (exponentially accurate for a Gaussian-weighted integrand once the oscillations of ``func``
    are resolved). Fig. 5 uses widths 1 (weight :math:`e^{-((x-x')/x_0)^2}`) and :math:`\sqrt2`
    (weight :math:`e^{-((x-x')/x_0)^2/2}`). ``x``, ``width`` in units of :math:`x_0`.
    """
    x_arr = finite("x", x)
    w = float(positive("width", width))
    if n_per_width < 10:
        raise ValueError(f"n_per_width must be >= 10 to resolve the Gaussian; got {n_per_width}")
    t = np.linspace(-cutoff, cutoff, int(2 * cutoff * n_per_width) + 1)
    dt = t[1] - t[0]
    wts = np.exp(-t**2) * dt / np.sqrt(np.pi)
    xf = x_arr.ravel()
    out = np.empty_like(xf)
    for i0 in range(0, xf.size, 512):
        chunk = xf[i0:i0 + 512]
        out[i0:i0 + 512] = func(chunk[:, None] + w * t[None, :]) @ wts
    return scalar_or_array(out.reshape(x_arr.shape), x)


def oscillation_zeros(n_zeros=30):
    r"""Positions (units of :math:`x_0`) of the first zeros of :math:`j^{\varepsilon}(x) \propto \mathrm{Ai}(2x/x_0)`
    and the spacing between successive zeros; the spacing (half-period) decays like :math:`|x|^{-1/2}`."""
    from scipy.special import ai_zeros

    a = ai_zeros(int(n_zeros))[0] / 2.0
    return a, -np.diff(a)


# ---------------------------------------------------------------------------------------------
# one electron: Fig. 5
# ---------------------------------------------------------------------------------------------

def single_state_current(x, x_c=0.0):
    r"""Current density of one state :math:`\phi = \mathrm{Ai}((x-x_c)/\ell)` with :math:`p_y = 0` (Eqs. (13), (29); Fig. 5).

    Eq. (29) with :math:`e = -|e|` gives :math:`j_y = (|e|\hbar/2m)\,\partial_x|\phi|^2`; normalised so that the
    asymptotic oscillation amplitude at :math:`x\to-\infty` is 1 (the paper's "oscillation amplitude of unity"):
    :math:`j_1 = \pi\,\partial_z\mathrm{Ai}^2(z) = 2\pi\mathrm{Ai}(z)\mathrm{Ai}'(z)`, :math:`z = (x - x_c)/\ell`
    (positive where the density grows with x: the tail; negative at the turning point: the bump).
    ``x``, ``x_c`` in units of :math:`x_0`.
    """
    x_arr = finite("x", x)
    z = (x_arr - float(finite("x_c", x_c))) / ELL_OVER_X0
    ai, aip, _, _ = airy(z)
    return scalar_or_array(2.0 * np.pi * ai * aip, x)


def single_state_tail(x):
    r"""Semiclassical tail of the smoothed single-state current, :math:`1/(4|z|^{3/2})` with :math:`z = x/\ell`
    (the paper's :math:`1/(4|x|^{3/2})` with x in Airy units), units of the oscillation amplitude; x < 0 only."""
    x_arr = finite("x", x)
    if np.any(x_arr >= 0):
        raise ValueError("x must be < 0 (the tail exists only in the classically allowed region)")
    z = np.abs(x_arr) / ELL_OVER_X0
    return scalar_or_array(0.25 * z**-1.5, x)


def single_state_integral(L):
    r""":math:`\int_{-L}^{\infty} j_1\,dx` (units: amplitude × :math:`x_0`) = :math:`-\pi\ell\,\mathrm{Ai}^2(-L/\ell)/x_0`
    from the exact antiderivative; tends to 0 like :math:`L^{-1/2}`: the total single-electron current vanishes."""
    L_arr = positive("L", L)
    return scalar_or_array(-np.pi * ELL_OVER_X0 * _ai(-L_arr / ELL_OVER_X0) ** 2, L)


# ---------------------------------------------------------------------------------------------
# comparison with Ref. [17]: Eqs. (36)-(39); x in units of Delta/F, currents in units of |e|F/2h
# ---------------------------------------------------------------------------------------------

def side_jump_current(x):
    r"""Transport-only (Berry velocity) current density of Ref. [17], Eq. (36), for :math:`U = Fx`, :math:`\varepsilon_F = 0`.

    ``x`` in units of :math:`\Delta/F`; returns :math:`j_y/j_0` with :math:`j_0 = |e|F/2h` (see
    :func:`side_jump_current_berry`: the Berry-curvature quadrature gives :math:`j_0 = |e|F/2h`, not the
    :math:`|e|F/2\hbar` printed in Eq. (36)). 1 for |x| < 1, 1/|x| outside.
    """
    x_arr = finite("x", x)
    return scalar_or_array(np.where(np.abs(x_arr) < 1.0, 1.0, 1.0 / np.maximum(np.abs(x_arr), 1.0)), x)


def side_jump_current_berry(x, hbar=1.0, v_F=1.0, Delta=1.0):
    r"""Independent route to Eq. (36): sum of the Berry velocity :math:`(e/\hbar)\mathbf E\times\boldsymbol\Omega` of Eq. (1)
    over all occupied states at the local chemical potential :math:`\mu = \varepsilon_F - U(x) = -x\Delta`.

    Curvature of magnitude :math:`|\Omega| = \tfrac12\hbar^2\Delta v_F^2/(\Delta^2+p^2v_F^2)^{3/2}` (the form quoted below
    Eq. (12)), opposite in the two bands (the quoted sign is the valence band's, erratum E3); density of states
    :math:`d^2p/(2\pi\hbar)^2`, radial p-integral by ``scipy.integrate.quad``. The overall sign is chosen so that
    the current in the gap region is positive, as drawn in Fig. 6.
    Returns :math:`j_y/(|e|F/2h)` (``hbar``, ``v_F``, ``Delta`` explicit to show the result does not depend on them).
    """
    from scipy.integrate import quad

    x_arr = finite("x", x)
    hbar, v_F, Delta = (float(positive(n, v)) for n, v in (("hbar", hbar), ("v_F", v_F), ("Delta", Delta)))

    def omega(p):
        return 0.5 * hbar**2 * Delta * v_F**2 / (Delta**2 + (p * v_F) ** 2) ** 1.5

    def band_sum(p_lo, p_hi):  # int d^2p/(2 pi hbar)^2 Omega over p_lo < |p| < p_hi
        val = quad(lambda p: 2 * np.pi * p * omega(p), p_lo, p_hi, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
        return val / (2 * np.pi * hbar) ** 2

    out = []
    for xv in x_arr.ravel():
        mu = -xv * Delta
        p_mu = np.sqrt(max(mu**2 - Delta**2, 0.0)) / v_F
        occ_v = band_sum(p_mu, np.inf) if mu < -Delta else band_sum(0.0, np.inf)   # valence: E = -sqrt < mu
        occ_c = band_sum(0.0, p_mu) if mu > Delta else 0.0                          # conduction: E = +sqrt < mu
        total = -occ_v + occ_c  # Omega_v = -Omega_c
        # j = e * sum (e/hbar) E x Omega ; |e E| = F ; in units of |e|F/2h = |e|F/(4 pi hbar): factor 4 pi hbar / hbar
        out.append(-4.0 * np.pi * total)
    return scalar_or_array(np.array(out).reshape(x_arr.shape), x)


def total_current_density_uniform(x, dx=1e-4):
    r"""This paper's current density for :math:`U = Fx`, :math:`\varepsilon_F = 0`, Eq. (37), from the exact step current.

    :math:`j_y(x) \approx J_y(x \to x+dx)/dx` with :math:`J_y` = :func:`ahe_lib.total_current` across the
    potential step from :math:`U(x)` to :math:`U(x+dx)` (both bands). ``x`` in units of :math:`\Delta/F`; returns
    :math:`j_y/(|e|F/2h)`: 1 where the Fermi energy is in the local gap, 0 outside.
    """
    from .step_current import total_current

    x_arr = finite("x", x)
    dx = float(positive("dx", dx))
    J = np.asarray(total_current(0.0, x_arr, x_arr + dx, 1.0))  # units e/h * Delta; U in units of Delta, F = 1
    # e = -|e|: J/(e/h) negative means current along +y for |e|; j/(|e|F/2h) = -J/(e/h) * 2 / dx
    return scalar_or_array(-2.0 * J / dx, x)


def side_jump_conduction_eq39(x):
    r"""Eq. (39): conduction-band part of Eq. (36) near :math:`x = -1` (units :math:`\Delta/F` and :math:`|e|F/2h`):
    :math:`\frac{-e}{2h}(x_0+x)F^2/\Delta\,\theta(-x_0-x)` → :math:`(1+x)\,\theta(-1-x)` here, since
    :math:`-e = |e|`: negative, opposite to the valence-band current."""
    x_arr = finite("x", x)
    return scalar_or_array(np.where(x_arr < -1.0, 1.0 + x_arr, 0.0), x)


def side_jump_integral(L):
    r""":math:`\int_{-L}^{L} j_{(36)}\,dx = 2 + 2\ln L` (units :math:`j_0\Delta/F`, L > 1): diverges logarithmically."""
    L_arr = finite("L", L)
    if np.any(L_arr <= 1.0):
        raise ValueError(f"L must be > 1 (in units of Delta/F); got {L!r}")
    return scalar_or_array(2.0 + 2.0 * np.log(L_arr), L)


# ---------------------------------------------------------------------------------------------
# independent routes added for the ledger audit (issue 10): states at one energy, Eq. (30),
# Eq. (35) with explicit constants, the single-state integral by quadrature, Berry currents
# ---------------------------------------------------------------------------------------------

def _xi_quadrature(g, s):
    r""":math:`\int_0^\infty g(s + \xi^2)\,d\xi` for an array ``s`` (Gauss-Legendre, split at the turning
    point :math:`\xi_a = \sqrt{-s}`, node count growing with the phase :math:`\tfrac43|s|^{3/2}`; the
    decaying part is integrated up to :math:`s + \xi^2 = 24`, where Ai is below 1e-23)."""
    sf = np.asarray(s, float).ravel()
    xa = np.sqrt(np.maximum(-sf, 0.0))
    out = np.zeros_like(sf)
    neg = sf < 0
    if np.any(neg):
        n1 = _bucket(48 + 1.5 * (4.0 / 3.0) * np.abs(sf[neg]) ** 1.5)
        for n in np.unique(n1):
            sel = np.flatnonzero(neg)[n1 == n]
            t, wts = _gl(int(n))
            pts = xa[sel][:, None] * t[None, :]
            out[sel] += xa[sel] * (g(pts**2 + sf[sel][:, None]) @ wts)
    umax = np.sqrt(xa**2 + 24.0 - np.minimum(sf, 24.0) * (sf > 0)) - xa
    umax = np.where(sf >= 24.0, 0.0, umax)
    t, wts = _gl(128)
    pts = xa[:, None] + umax[:, None] * t[None, :]
    out += umax * (g(pts**2 + sf[:, None]) @ wts)
    return out


def energy_resolved_current_states(x, eps=0.0, *, hbar=1.0, mass=1.0, F=1.0, e=-1.0):
    r"""Energy distribution :math:`j_y^\varepsilon(x)` built directly from the states AT energy ε (App. B).

    Independent of Eqs. (33), (34): no Fermi sea, no derivative with respect to x or
    :math:`\varepsilon_F`. In :math:`U = Fx - \Delta` every state of energy ε with transverse momentum
    :math:`p_y` is the energy-normalised Airy function
    :math:`\phi = \mathrm{Ai}\big((Fx - E_x)/(F\ell)\big)/\sqrt{F\ell^2}`, :math:`E_x = \varepsilon - p_y^2/2m`,
    :math:`\ell = (\hbar^2/2mF)^{1/3}`. Each carries the current of Eq. (29),
    :math:`-e(\hbar/2m)\,\partial_x|\phi|^2`; the states in :math:`[\varepsilon, \varepsilon + d\varepsilon]` are
    counted with :math:`dp_y/(2\pi\hbar)` (per unit length along y) times :math:`d\varepsilon`:

    .. math:: j^\varepsilon_y(x) = \int\frac{dp_y}{2\pi\hbar}\Big(-\frac{e\hbar}{2m}\Big)
              \partial_x\frac{\mathrm{Ai}^2\big((Fx - \varepsilon + p_y^2/2m)/(F\ell)\big)}{F\ell^2},

    evaluated by Gauss-Legendre quadrature in :math:`\xi = p_y/\sqrt{2mF\ell}` with
    :math:`\partial_x\mathrm{Ai}^2(z) = 2\mathrm{Ai}(z)\mathrm{Ai}'(z)/\ell`.

    ``x`` (length) and ``eps`` (energy, from the band bottom at x = 0) broadcast; ``hbar``, ``mass``, ``F`` > 0
    and the charge ``e`` (any non-zero sign) are explicit. Returns :math:`j^\varepsilon_y` in units of
    charge/(time · length · energy) of the same unit system.
    """
    x_arr, eps_arr = np.broadcast_arrays(finite("x", x), finite("eps", eps))
    hbar, mass, F = (float(positive(n, v)) for n, v in (("hbar", hbar), ("mass", mass), ("F", F)))
    e = float(finite("e", e))
    if e == 0:
        raise ValueError("e must be non-zero")
    ell = (hbar**2 / (2.0 * mass * F)) ** (1.0 / 3.0)
    s = (F * x_arr - eps_arr) / (F * ell)

    def g(z):
        ai, aip, _, _ = airy(z)
        return ai * aip

    integral = _xi_quadrature(g, s).reshape(s.shape)
    pref = (2.0 * np.sqrt(2.0 * mass * F * ell) / (2.0 * np.pi * hbar)) * (-e * hbar / (2.0 * mass))
    pref *= 2.0 / (F * ell**3)
    return scalar_or_array(pref * integral, x, eps)


def fermi_sea_current_states(x, eps_F=0.0, *, hbar=1.0, mass=1.0, F=1.0, e=-1.0, n_eps=160):
    r""":math:`\int_{-\infty}^{\varepsilon_F} j^\varepsilon_y(x)\,d\varepsilon` with :math:`j^\varepsilon_y` from
    :func:`energy_resolved_current_states` (Gauss-Legendre in ε, ``n_eps`` nodes).

    States with :math:`\varepsilon < Fx - 14F\ell` have x deep in their forbidden region (Ai below 1e-15 there),
    so the lower limit is :math:`\varepsilon = F(x - 14\ell)`. Scalar ``x`` (length), ``eps_F`` (energy); same units
    and keywords as :func:`energy_resolved_current_states`; returns a current density (charge/(time·length)).
    """
    x, eps_F = float(finite("x", x)), float(finite("eps_F", eps_F))
    hbar, mass, F = (float(positive(n, v)) for n, v in (("hbar", hbar), ("mass", mass), ("F", F)))
    ell = (hbar**2 / (2.0 * mass * F)) ** (1.0 / 3.0)
    lo = min(F * (x - 14.0 * ell), eps_F)
    t, w = _gl(int(n_eps))
    eps = lo + (eps_F - lo) * t
    j = np.asarray(energy_resolved_current_states(x, eps, hbar=hbar, mass=mass, F=F, e=e))
    return float((eps_F - lo) * (j @ w))


def eq30_density_quadrature(mu, *, hbar=1.0, mass=1.0, n=64):
    r"""Right side of Eq. (30), :math:`\frac{2}{(2\pi\hbar)^2}\int\frac{d\varepsilon_x\,dp_y}{d\varepsilon_x/dp_x}`
    over :math:`\varepsilon_x + p_y^2/2m < \mu`, by quadrature (density per unit area).

    :math:`d\varepsilon_x/dp_x = p_x/m = \sqrt{2\varepsilon_x/m}`; the substitution :math:`\varepsilon_x = a u^2`
    (:math:`a = \mu - p_y^2/2m`) removes the inverse square root, :math:`p_y = p_F\sin\theta` the edge;
    both integrals by ``n``-node Gauss-Legendre. ``mu`` = ε_F − U > 0 (energy). Compare with
    :math:`\int d^2p/(2\pi\hbar)^2` over the disc (the left side).
    """
    mu = float(positive("mu", mu))
    hbar, mass = float(positive("hbar", hbar)), float(positive("mass", mass))
    t, w = _gl(int(n))
    pF = np.sqrt(2.0 * mass * mu)
    th = -0.5 * np.pi + np.pi * t                 # p_y = pF sin(theta), theta in (-pi/2, pi/2)
    py, dpy = pF * np.sin(th), pF * np.cos(th) * np.pi
    a = np.maximum(mu - py**2 / (2.0 * mass), 0.0)
    u = t                                         # eps_x = a u^2, u in (0, 1)
    eps_x = a[:, None] * u[None, :] ** 2
    deps = 2.0 * a[:, None] * u[None, :]
    vel = np.sqrt(2.0 * eps_x / mass)             # d eps_x / d p_x
    inner = (deps / vel) @ w
    return float(2.0 / (2.0 * np.pi * hbar) ** 2 * np.sum(dpy * inner * w))


def eq35_integral(x):
    r"""The bare integral of Eq. (35), :math:`\int_0^{|Fx|}d\varepsilon_y/\sqrt{\varepsilon_y(|Fx|-\varepsilon_y)}` for
    x < 0 (F = 1, x in any length unit), by 400-node Gauss-Legendre after :math:`\varepsilon_y = |Fx|\sin^2\theta`;
    0 for x ≥ 0. Dimensionless (equals π for every x < 0)."""
    return scalar_or_array(np.pi * np.asarray(semiclassical_current_eq35(x)), x)


def single_state_integral_quadrature(L):
    r""":math:`\int_{-L}^{12}j_1\,dx` of :func:`single_state_current` by composite Gauss-Legendre quadrature
    (units: amplitude × :math:`x_0`; the part beyond 12 x0 is below 1e-20).

    On the allowed side the panels are equidistant in the phase :math:`\tfrac23|z|^{3/2}` (step 6, about two
    oscillations of :math:`\mathrm{Ai}\,\mathrm{Ai}'`), 24 nodes each; [0, 12] x0 has 24 panels. Independent of
    the antiderivative used in :func:`single_state_integral`. ``L`` > 0, scalar, at most 2000 (cost grows
    like :math:`L^{3/2}`)."""
    L = float(positive("L", L))
    if L > 2000.0:
        raise ValueError(f"L must be <= 2000 (cost grows like L^1.5); got {L}")
    zL = L / ELL_OVER_X0
    n_pan = int(np.ceil((2.0 / 3.0) * zL**1.5 / 6.0)) + 4
    ph = np.linspace(0.0, (2.0 / 3.0) * zL**1.5, n_pan + 1)
    edges = -ELL_OVER_X0 * (1.5 * ph) ** (2.0 / 3.0)
    edges = np.concatenate([edges[::-1], np.linspace(0.0, 12.0, 25)[1:]])
    t, w = _gl(24)
    a, b = edges[:-1], edges[1:]
    pts = a[:, None] + (b - a)[:, None] * t[None, :]
    return float(np.sum((b - a) * (np.asarray(single_state_current(pts)) @ w)))


def smoothing_bias_tail(x, width):
    r"""Relative bias :math:`(w^2/4)f''/f = \tfrac{15}{16}(w/x)^2` that the Gaussian average of :func:`gaussian_smooth`
    (weight :math:`e^{-(x-x')^2/w^2}`) adds to a power law :math:`f \propto |x|^{-3/2}` (leading order in w/x)."""
    x_arr = finite("x", x)
    w = float(positive("width", width))
    return scalar_or_array(15.0 / 16.0 * (w / x_arr) ** 2, x)


def berry_current_uniform(x, band, n_nodes=48):
    r"""Berry-velocity (transport) current density of ``band`` ('c', 'v' or 'both') for :math:`U = Fx`,
    :math:`\varepsilon_F = 0` (App. B, Eqs. (36), (39)), from :mod:`ahe_lib.berry`.

    :math:`j_{\rm tr} = -(e/h)\,\Phi(\mu)\,\mathbf n_z\times\nabla U` (Eq. (1) summed over the locally occupied
    states, :func:`ahe_lib.berry.occupied_berry_flux`: curvature from the numerical band eigenvectors,
    Gauss-Legendre in p), :math:`\mu = -Fx`. ``x`` in units of :math:`\Delta/F`; returns :math:`j_y/(|e|F/2h)`
    :math:`= 2\Phi` (e = −|e|). No sign is chosen by hand: the valence and conduction curvatures come from
    the eigenvectors.
    """
    from .berry import occupied_berry_flux

    x_arr = finite("x", x)
    return scalar_or_array(2.0 * np.asarray(occupied_berry_flux(-x_arr, 1.0, band, n_nodes=n_nodes)), x)


def eq37_current(x):
    r"""Eq. (37) as printed, :math:`j_y/j_0`: 1 for :math:`|x| < x_0`, 0 outside (``x`` in units of :math:`\Delta/F`)."""
    x_arr = finite("x", x)
    return scalar_or_array(np.where(np.abs(x_arr) < 1.0, 1.0, 0.0), x)


def fermi_sea_current_states_averaged(x, width, eps_F=0.0, *, hbar=1.0, mass=1.0, F=1.0, e=-1.0,
                                      n_eps=600):
    r"""Gaussian average over x of :func:`fermi_sea_current_states`, built from the states at each energy.

    The average :math:`\langle j_y\rangle(x) = \int dx'\,g(x'-x)\,j_y(x')`, with the normalised weight
    :math:`g(u) = e^{-u^2/w^2}/(w\sqrt\pi)` (the weight of :func:`gaussian_smooth`, here with ``x`` and
    ``width`` in absolute length units), is evaluated without a grid in :math:`x'`: in the uniform field
    :math:`j^\varepsilon_y(x')` depends only on :math:`Fx' - \varepsilon`, so shifting x' by u is the same as
    shifting the Fermi level by :math:`-Fu`, and

    .. math:: \langle j_y\rangle(x) = \int d\varepsilon\;j^\varepsilon_y(x)\;
              \tfrac12\,\mathrm{erfc}\Big(\frac{\varepsilon - \varepsilon_F}{Fw}\Big),

    with :math:`j^\varepsilon_y` of :func:`energy_resolved_current_states` (states counted with
    :math:`dp_y/2\pi\hbar`, no closed form, no Eq. (33)). Gauss-Legendre in ε (``n_eps`` nodes) from
    :math:`F(x - 14\ell)` to :math:`\varepsilon_F + 7Fw` (erfc(7) < 1e-22). Scalar ``x``, ``width`` > 0
    (lengths), ``eps_F`` (energy); returns a current density (charge/(time·length)), same units and
    keywords as :func:`fermi_sea_current_states`.
    """
    from scipy.special import erfc

    x, eps_F = float(finite("x", x)), float(finite("eps_F", eps_F))
    w = float(positive("width", width))
    hbar, mass, F = (float(positive(n, v)) for n, v in (("hbar", hbar), ("mass", mass), ("F", F)))
    ell = (hbar**2 / (2.0 * mass * F)) ** (1.0 / 3.0)
    lo = min(F * (x - 14.0 * ell), eps_F - 7.0 * F * w)
    hi = eps_F + 7.0 * F * w
    t, wts = _gl(int(n_eps))
    eps = lo + (hi - lo) * t
    j = np.asarray(energy_resolved_current_states(x, eps, hbar=hbar, mass=mass, F=F, e=e))
    weight = 0.5 * erfc((eps - eps_F) / (F * w))
    return float((hi - lo) * ((j * weight) @ wts))
