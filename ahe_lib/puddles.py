r"""Electron and hole puddles in a smooth random potential: where the anomalous current flows (paper Sec. III end, Sec. V).

The paper's Eq. (45) (Appendix C) gives the conduction-band current density in a smooth 2D potential,
:math:`\mathbf j^c = \frac{e}{2h}\,\theta(\varepsilon_F - U - \Delta)\ \mathbf n_z\times\nabla U` (with the
corrected prefactor :math:`e/2h`, and with :math:`U` the middle of the local gap as in Eq. 2, so the
band bottom is :math:`U+\Delta`); for the valence band it "changes sign" (end of Sec. III). The
book generalises the end-point terms of :mod:`ahe_lib.step_current` (Eqs. 10, 11) from :math:`U(x)` to
:math:`U(\mathbf r)` band by band:

.. math:: \mathbf j^c = +\tfrac12\,\theta(\varepsilon_F - U - \Delta)\ \mathbf n_z\times\nabla U,\qquad
          \mathbf j^v = -\tfrac12\,\theta(\varepsilon_F - U + \Delta)\ \mathbf n_z\times\nabla U

(in units of :math:`e/h`), so that the total is

.. math:: \mathbf j = \mathbf j^c + \mathbf j^v = -\tfrac12\,\mathbf 1\big[|\varepsilon_F - U(\mathbf r)| < \Delta\big]\ \mathbf n_z\times\nabla U .

It vanishes in electron puddles (:math:`\varepsilon_F > U+\Delta`: the two bands cancel) and in hole
puddles (:math:`\varepsilon_F < U-\Delta`: neither band contributes), and flows along the equipotentials
of the insulating regions in between. For :math:`U = U(x)` its y-component integrates to
:func:`ahe_lib.total_current`.

Units and conventions
---------------------
:math:`\hbar = v_F = 1`; lengths in units of :math:`\hbar v_F/\Delta` when energies are in units of
:math:`\Delta`. Current densities are returned as :math:`j/(e/h)` (energy per length), fluxes through a
line as :math:`J/(e/h)` (energy), :math:`e = -|e|`. Maps are indexed ``[ix, iy]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import finite, positive

_BAND_NAMES = ("c", "v", "both")


@dataclass(frozen=True)
class SmoothPotential:
    r"""A smooth periodic potential on an ``N``×``N`` grid of the square :math:`[0, L)^2`, known exactly as a Fourier sum.

    ``U``, ``dU_dx``, ``dU_dy`` are the grid values (``[ix, iy]``), the gradient taken spectrally
    (exact for the band-limited field). :meth:`evaluate` gives U and its gradient at arbitrary
    points from the same Fourier modes (``k``, ``coef``), so that line integrals need no
    interpolation.
    """

    L: float
    N: int
    corr_length: float
    amplitude: float
    x: np.ndarray
    U: np.ndarray
    dU_dx: np.ndarray
    dU_dy: np.ndarray
    k: np.ndarray
    coef: np.ndarray

    def evaluate(self, px, py):
        r"""U and (dU/dx, dU/dy) at points (px, py) (arrays of one shape), from the Fourier modes.

        :math:`U(x, y) = \mathrm{Re}\sum_{ab} e^{ik_ax}\,c_{ab}\,e^{ik_by}` over the retained wave numbers
        ``k`` (the others are below 1e-18 of the largest filter weight).
        """
        px, py = finite("px", px), finite("py", py)
        px, py = np.broadcast_arrays(px, py)
        shape = px.shape
        ex = np.exp(1j * np.multiply.outer(px.reshape(-1), self.k))
        ey = np.exp(1j * np.multiply.outer(py.reshape(-1), self.k))
        m = ex @ self.coef
        mx = (ex * (1j * self.k)) @ self.coef
        U = np.real(np.sum(m * ey, axis=-1)).reshape(shape)
        gx = np.real(np.sum(mx * ey, axis=-1)).reshape(shape)
        gy = np.real(np.sum(m * ey * (1j * self.k), axis=-1)).reshape(shape)
        return U, gx, gy


def random_potential(L, N, corr_length, amplitude, rng, mean=0.0):
    r"""Gaussian random field with Gaussian correlations, periodic on :math:`[0, L)^2`.

    White noise from ``rng`` (a ``numpy.random.Generator``, e.g. ``numpy.random.default_rng(seed)``,
    for reproducibility) is filtered with :math:`\exp(-k^2\xi^2/4)`, :math:`\xi` = ``corr_length``
    (correlation :math:`\propto e^{-r^2/2\xi^2}`), then shifted and scaled so that the grid values have
    mean ``mean`` and standard deviation ``amplitude`` exactly.

    Parameters: ``L`` > 0 box side, ``N`` grid points per side (integer >= 16), ``corr_length`` > 0,
    with ``corr_length >= 4 L/N`` (else the grid is too coarse to resolve the field) and
    ``L >= 4 corr_length``; ``amplitude`` > 0 (energy). Returns a :class:`SmoothPotential`.
    """
    L, xi, amp = float(positive("L", L)), float(positive("corr_length", corr_length)), float(positive("amplitude", amplitude))
    mean = float(finite("mean", mean))
    if int(N) != N or N < 16:
        raise ValueError(f"N must be an integer >= 16; got {N!r}")
    N = int(N)
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator (e.g. numpy.random.default_rng(seed)); got {type(rng).__name__}")
    dx = L / N
    if xi < 4 * dx:
        raise ValueError(f"grid too coarse: corr_length must be >= 4 L/N = {4 * dx:.4g}; got corr_length = {xi!r}")
    if L < 4 * xi:
        raise ValueError(f"box too small: L must be >= 4 corr_length = {4 * xi:.4g}; got L = {L!r}")
    k1 = 2 * np.pi * np.fft.fftfreq(N, d=dx)
    KX, KY = np.meshgrid(k1, k1, indexing="ij")
    filt = np.exp(-(KX**2 + KY**2) * xi * xi / 4)
    noise = rng.standard_normal((N, N))
    spec = np.fft.fft2(noise) * filt
    spec[0, 0] = 0.0
    field = np.real(np.fft.ifft2(spec))
    scale = amp / field.std()
    spec = spec * scale
    spec[0, 0] = mean * N * N
    U = np.real(np.fft.ifft2(spec))
    gx = np.real(np.fft.ifft2(1j * KX * spec))
    gy = np.real(np.fft.ifft2(1j * KY * spec))
    keep = np.nonzero(np.exp(-k1 * k1 * xi * xi / 4) > 1e-18)[0]  # wave numbers along one axis that matter
    coef = spec[np.ix_(keep, keep)] / (N * N)
    x = dx * np.arange(N)
    return SmoothPotential(L, N, xi, amp, x, U, gx, gy, k1[keep], coef)


def puddle_masks(U, eps_F, Delta):
    r"""Boolean masks of the electron puddles (:math:`\varepsilon_F > U+\Delta`), hole puddles
    (:math:`\varepsilon_F < U-\Delta`) and insulating regions (:math:`|\varepsilon_F - U| < \Delta`).

    Returns a dict with keys ``'electron'``, ``'hole'``, ``'insulating'`` (arrays shaped like ``U``).
    """
    u, e, d = finite("U", U), float(finite("eps_F", eps_F)), float(positive("Delta", Delta))
    return {"electron": e > u + d, "hole": e < u - d, "insulating": np.abs(e - u) < d}


def band_weights(U, eps_F, Delta, band="both"):
    r"""Coefficient :math:`w` of :math:`\mathbf n_z\times\nabla U` in the local current density (units e/h).

    Conduction: :math:`+\tfrac12\theta(\varepsilon_F-U-\Delta)`; valence: :math:`-\tfrac12\theta(\varepsilon_F-U+\Delta)`
    (the derivatives of the end-point terms of Eqs. 10 and 11 with respect to U); ``'both'`` their sum.
    """
    if band not in _BAND_NAMES:
        raise ValueError(f"band must be one of {_BAND_NAMES}; got {band!r}")
    u, e, d = finite("U", U), float(finite("eps_F", eps_F)), float(positive("Delta", Delta))
    wc = np.where(e > u + d, 0.5, 0.0)
    wv = np.where(e > u - d, -0.5, 0.0)
    return {"c": wc, "v": wv, "both": wc + wv}[band]


def _check_smooth(pot: SmoothPotential, Delta):
    d = float(positive("Delta", Delta))
    if pot.corr_length * d < 5.0:
        raise ValueError(f"corr_length must be >= 5 hbar v_F/Delta for Eq. (45) (smooth potential); got corr_length*Delta = {pot.corr_length * d:.3g}")
    g = np.hypot(pot.dU_dx, pot.dU_dy).max()
    r0g = g ** (2 / 3) * d ** (-1 / 3)  # r_0 |grad U| with r_0 = (1/(Delta |grad U|))^(1/3)
    if r0g > 0.5 * d:
        raise ValueError(f"the potential is too steep for Eq. (45): max r_0|grad U| = {r0g:.3g} must be < 0.5 Delta (reduce amplitude or increase corr_length)")
    return d


def smoothness(pot: SmoothPotential, Delta):
    r"""The two small parameters of Eq. (45): ``(1/(corr_length*Delta), max r_0|grad U|/Delta)``, :math:`r_0 = (\hbar^2v_F^2/\Delta|\nabla U|)^{1/3}`."""
    d = float(positive("Delta", Delta))
    g = np.hypot(pot.dU_dx, pot.dU_dy).max()
    return 1.0 / (pot.corr_length * d), g ** (2 / 3) * d ** (-1 / 3) / d


def current_map(pot: SmoothPotential, eps_F, Delta, band="both"):
    r"""Equilibrium current density :math:`(j_x, j_y)/(e/h)` on the grid, Eq. (45) of the paper for both bands.

    :math:`\mathbf j = w(U)\,\mathbf n_z\times\nabla U = w\,(-\partial_yU,\ \partial_xU)` with the band weights
    :func:`band_weights`. Raises ``ValueError`` if the potential is not smooth enough for Eq. (45)
    (``corr_length*Delta < 5`` or :math:`\max r_0|\nabla U| > \Delta/2`).
    """
    d = _check_smooth(pot, Delta)
    w = band_weights(pot.U, eps_F, d, band)
    return -w * pot.dU_dy, w * pot.dU_dx


def transport_current_map(pot: SmoothPotential, eps_F, Delta):
    r"""Berry-velocity (transport) current density :math:`-\Phi(\varepsilon_F-U)\,\mathbf n_z\times\nabla U`, units e/h.

    :math:`\Phi` is the Berry flux of the locally occupied states of both bands,
    :func:`ahe_lib.berry.occupied_berry_flux_closed_form` (checked against the quadrature of the
    numerical curvature in Section I). Same smoothness requirements as :func:`current_map`.
    """
    from .berry import occupied_berry_flux_closed_form

    d = _check_smooth(pot, Delta)
    phi = occupied_berry_flux_closed_form(float(finite("eps_F", eps_F)) - pot.U, d)
    return phi * pot.dU_dy, -phi * pot.dU_dx


def flux_through_cut(pot: SmoothPotential, eps_F, Delta, A, B, band="both", n_gauss=8):
    r"""Current through the straight cut from point ``A`` to point ``B``, :math:`J/(e/h)`.

    :math:`J = \int_A^B \mathbf j\cdot(\mathbf n_z\times\hat{\mathbf t})\,dl`: the flux to the *left* of the
    direction of travel :math:`\hat{\mathbf t}` (for a cut along +x, the current in +y, as in Eq. 9).
    The current density is that of :func:`current_map`, evaluated on the cut from the exact Fourier
    modes (no interpolation); the integral is Gauss--Legendre on sub-intervals of length
    :math:`\le\xi/10`, split at the crossings of the band edges :math:`U = \varepsilon_F\pm\Delta`
    (located by root finding), where the integrand jumps. ``A``, ``B`` are (x, y) pairs, A != B.
    """
    from scipy.optimize import brentq

    d = _check_smooth(pot, Delta)
    e = float(finite("eps_F", eps_F))
    A, B = finite("A", A), finite("B", B)
    if A.shape != (2,) or B.shape != (2,):
        raise ValueError("A and B must be points (x, y)")
    length = float(np.hypot(*(B - A)))
    if length == 0.0:
        raise ValueError("A and B must differ (the cut has zero length)")
    t = (B - A) / length
    normal = np.array([-t[1], t[0]])  # n_z x t
    n_int = max(8, int(np.ceil(10 * length / pot.corr_length)))
    s = np.linspace(0.0, length, n_int + 1)

    def U_at(si):
        p = A + np.multiply.outer(si, t)
        return pot.evaluate(p[..., 0], p[..., 1])

    Us = U_at(s)[0]
    cuts = list(s)
    for level in (e - d, e + d):
        f = Us - level
        for k in np.nonzero(np.sign(f[:-1]) * np.sign(f[1:]) < 0)[0]:
            cuts.append(brentq(lambda si: float(U_at(np.array(si))[0]) - level, s[k], s[k + 1], xtol=1e-14, rtol=1e-14))
    cuts = np.unique(np.array(cuts))
    xg, wg = np.polynomial.legendre.leggauss(int(n_gauss))
    lo, hi = cuts[:-1], cuts[1:]
    nodes = 0.5 * (hi - lo)[:, None] * xg + 0.5 * (hi + lo)[:, None]
    U, gx, gy = U_at(nodes)
    w = band_weights(U, e, d, band)
    jn = (-w * gy) * normal[0] + (w * gx) * normal[1]
    return float(np.sum(0.5 * (hi - lo)[:, None] * wg * jn))


def loop_flux(pot: SmoothPotential, eps_F, Delta, corners, band="both"):
    """Net current *into* the polygon with the given corners (counter-clockwise), via :func:`flux_through_cut` on each edge.

    Zero for a divergence-free current; units e/h.
    """
    c = finite("corners", corners)
    if c.ndim != 2 or c.shape[1] != 2 or c.shape[0] < 3:
        raise ValueError("corners must be an array of at least 3 points (x, y)")
    return float(sum(flux_through_cut(pot, eps_F, Delta, c[i], c[(i + 1) % len(c)], band) for i in range(len(c))))
