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

Where the map can be trusted
----------------------------
The map draws the stopping lines sharp. The paper's conditions for Eq. (15) (below Eq. 16) are
:math:`\kappa = |\partial^2U/\partial r_i^2|\,r_0/|\nabla U| \ll 1` and no interband tunnelling;
:func:`border_validity` measures κ, the width :math:`r_0` and the Landau--Zener factor along the band
edges, :func:`untrusted_mask` marks the border points where κ is not small, and
:func:`smeared_current_map` / :func:`puddle_current_share` give the stopping lines their width
(Eq. 16, corrected: the uniform-field Airy profile), which puts part of the current inside the puddles.

Units and conventions
---------------------
:math:`\hbar = v_F = 1`; lengths in units of :math:`\hbar v_F/\Delta` when energies are in units of
:math:`\Delta`. Current densities are returned as :math:`j/(e/h)` (energy per length), fluxes through a
line as :math:`J/(e/h)` (energy), :math:`e = -|e|`. Maps are indexed ``[ix, iy]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import finite, positive, scalar_or_array

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

    def hessian(self, px, py):
        r"""Second derivatives :math:`(\partial_x^2U, \partial_x\partial_yU, \partial_y^2U)` at points (px, py),
        from the Fourier modes (exact for the band-limited field); units energy/length²."""
        px, py = finite("px", px), finite("py", py)
        px, py = np.broadcast_arrays(px, py)
        shape = px.shape
        ik = 1j * self.k
        ex = np.exp(1j * np.multiply.outer(px.reshape(-1), self.k))
        ey = np.exp(1j * np.multiply.outer(py.reshape(-1), self.k))
        m0, m1, m2 = ex @ self.coef, (ex * ik) @ self.coef, (ex * ik * ik) @ self.coef

        def part(m, ky):
            return np.real(np.sum(m * ey * ky, axis=-1)).reshape(shape)

        return part(m2, 1.0), part(m1, ik), part(m0, ik * ik)

    def resample(self, M):
        r"""U, its gradient and its second derivatives on an ``M``×``M`` grid of the same box.

        The field is band-limited, so the values are exact at any M (no interpolation): the retained
        Fourier modes are placed in an M×M spectrum and transformed back. ``M`` must be an integer
        >= 2·(largest retained |k| L/2π) + 1. Returns a dict with ``x`` (grid coordinates), ``U``,
        ``dU_dx``, ``dU_dy``, ``d2U_dx2``, ``d2U_dxdy``, ``d2U_dy2`` (arrays ``[ix, iy]``).
        """
        n = np.rint(self.k * self.L / (2 * np.pi)).astype(int)
        if int(M) != M or M < 2 * np.abs(n).max() + 1:
            raise ValueError(f"M must be an integer >= {2 * np.abs(n).max() + 1} for this field; got {M!r}")
        M = int(M)
        spec = np.zeros((M, M), dtype=complex)
        spec[np.ix_(n % M, n % M)] = self.coef
        k1 = 2 * np.pi * np.fft.fftfreq(M, d=self.L / M)
        KX, KY = np.meshgrid(k1, k1, indexing="ij")

        def back(factor):
            return np.real(np.fft.ifft2(factor * spec)) * M * M

        return {"x": self.L / M * np.arange(M), "U": back(1.0), "dU_dx": back(1j * KX),
                "dU_dy": back(1j * KY), "d2U_dx2": back(-KX * KX), "d2U_dxdy": back(-KX * KY),
                "d2U_dy2": back(-KY * KY)}


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


# --- where the map can be trusted: the conditions below Eq. (16) -------------------------------

def stopping_width(grad, Delta):
    r"""Width :math:`r_0 = (\hbar^2v_F^2/(\Delta|\nabla U|))^{1/3}` of the stopping-line δ-function, Eq. (16).

    ``grad`` = :math:`|\nabla U|` > 0 (energy/length), ``Delta`` > 0; :math:`\hbar = v_F = 1`, so r_0 is
    in units of :math:`\hbar v_F/\Delta` when energies are in units of Δ.
    """
    g, d = positive("grad", grad), float(positive("Delta", Delta))
    return scalar_or_array((1.0 / (d * g)) ** (1.0 / 3.0), grad)


def landau_zener_factor(grad, Delta):
    r"""Interband (Landau--Zener) tunnelling probability :math:`e^{-\pi\Delta^2/\hbar v_F|\nabla U|}`.

    For a state crossing a region of uniform field :math:`|\nabla U|` head-on (:math:`p_\parallel = 0`, gap
    2Δ); states with a momentum along the equipotential tunnel less. This, not :math:`r_0|\nabla U|/\Delta`,
    is the number that says whether the paper's "absence of inter-band tunneling" holds.
    ``grad`` >= 0 (zero gives 0), ``Delta`` > 0; :math:`\hbar = v_F = 1`.
    """
    g, d = finite("grad", grad), float(positive("Delta", Delta))
    if np.any(g < 0):
        raise ValueError(f"grad must be >= 0 (it is |grad U|); got {grad!r}")
    with np.errstate(divide="ignore"):
        out = np.exp(-np.pi * d * d / g)
    return scalar_or_array(out, grad)


def validity_parameter(dU_dx, dU_dy, d2U_dx2, d2U_dxdy, d2U_dy2, Delta):
    r"""The paper's condition for Eq. (15) (below Eq. 16), :math:`\kappa = |\partial^2U/\partial r_i^2|\,r_0/|\nabla U| \ll 1`.

    The second derivatives are taken in the local frame of the equipotential: along the normal
    :math:`\hat n = \nabla U/|\nabla U|` (:math:`U_{nn}`: the field changes across the line, so the
    uniform-field Airy profile of width r_0 is distorted) and along the tangent :math:`\hat t`
    (:math:`U_{tt} = |\nabla U|/R_c`: the line bends, radius :math:`R_c`), and
    :math:`\kappa = \max(|U_{nn}|, |U_{tt}|)\,r_0/|\nabla U|` with the local :math:`r_0`
    (:func:`stopping_width`). For a radial potential this is
    :func:`ahe_lib.smooth_2d.validity_parameter` (:math:`U''` and :math:`U'/r`), where Appendix C
    measures deviations of tens of per cent from Eq. (15) at κ ~ 1--4. Arrays of one shape; returns
    κ (dimensionless; infinite where :math:`\nabla U = 0`).
    """
    gx, gy = finite("dU_dx", dU_dx), finite("dU_dy", dU_dy)
    uxx, uxy, uyy = finite("d2U_dx2", d2U_dx2), finite("d2U_dxdy", d2U_dxdy), finite("d2U_dy2", d2U_dy2)
    d = float(positive("Delta", Delta))
    g = np.hypot(gx, gy)
    with np.errstate(divide="ignore", invalid="ignore"):
        nx, ny = gx / g, gy / g
        u_nn = nx * nx * uxx + 2 * nx * ny * uxy + ny * ny * uyy
        u_tt = ny * ny * uxx - 2 * nx * ny * uxy + nx * nx * uyy
        kappa = np.maximum(np.abs(u_nn), np.abs(u_tt)) * (1.0 / (d * g)) ** (1.0 / 3.0) / g
    return np.where(g > 0, kappa, np.inf)


@dataclass(frozen=True)
class BorderValidity:
    r"""The band edges :math:`U = \varepsilon_F\mp\Delta` (puddle borders) sampled along their length.

    ``level`` (the value of U on the line: ``eps_F - Delta`` electron-puddle border, ``eps_F + Delta``
    hole-puddle border), ``points`` (n, 2), ``ds`` (length of contour each point stands for), and at
    each point ``grad`` (:math:`|\nabla U|`), ``r0`` (:func:`stopping_width`), ``kappa``
    (:func:`validity_parameter`), ``lz`` (:func:`landau_zener_factor`).
    """

    level: np.ndarray
    points: np.ndarray
    ds: np.ndarray
    grad: np.ndarray
    r0: np.ndarray
    kappa: np.ndarray
    lz: np.ndarray

    @property
    def length(self) -> float:
        """Total length of the band edges in the box."""
        return float(self.ds.sum())

    def length_fraction(self, mask) -> float:
        """Fraction of the band-edge length where ``mask`` (an array over the points) is true."""
        return float(self.ds[np.asarray(mask, dtype=bool)].sum() / self.ds.sum())


def border_validity(pot: SmoothPotential, eps_F, Delta, upsample=2):
    r"""κ, r_0 and the Landau--Zener factor along the band edges :math:`U(\mathbf r) = \varepsilon_F\mp\Delta`.

    The lines are traced on the field resampled to ``upsample``·N points per side
    (:meth:`SmoothPotential.resample`, exact values; ``contourpy``'s marching squares), each segment is
    represented by its midpoint, moved onto the exact level line by one Newton step along
    :math:`\nabla U`, where the gradient and second derivatives are evaluated from the Fourier modes.
    Returns a :class:`BorderValidity`. ``upsample`` integer >= 1.
    """
    import contourpy

    d, e = float(positive("Delta", Delta)), float(finite("eps_F", eps_F))
    if int(upsample) != upsample or upsample < 1:
        raise ValueError(f"upsample must be an integer >= 1; got {upsample!r}")
    g = pot.resample(int(upsample) * pot.N)
    gen = contourpy.contour_generator(g["x"], g["x"], g["U"].T)
    parts = {k: [] for k in ("level", "points", "ds")}
    for level in (e - d, e + d):
        for line in gen.lines(level):
            seg = np.diff(line, axis=0)
            parts["points"].append(0.5 * (line[1:] + line[:-1]))
            parts["ds"].append(np.hypot(seg[:, 0], seg[:, 1]))
            parts["level"].append(np.full(len(seg), level))
    level, pts, ds = (np.concatenate(parts[k]) for k in ("level", "points", "ds"))
    U, gx, gy = pot.evaluate(pts[:, 0], pts[:, 1])
    step = (level - U) / (gx * gx + gy * gy)
    pts = pts + np.stack([step * gx, step * gy], axis=-1)
    _, gx, gy = pot.evaluate(pts[:, 0], pts[:, 1])
    uxx, uxy, uyy = pot.hessian(pts[:, 0], pts[:, 1])
    grad = np.hypot(gx, gy)
    return BorderValidity(level, pts, ds, grad, stopping_width(grad, d), validity_parameter(gx, gy, uxx, uxy, uyy, d),
                          landau_zener_factor(grad, d))


def border_distance(U, grad, eps_F, Delta):
    r"""Distance to the nearer band edge in units of the local :math:`r_0`: :math:`\min_\pm|r_\perp^\pm|/r_0`.

    :math:`r_\perp^\pm = (\varepsilon_F\mp\Delta - U)/|\nabla U|` (local, uniform-field estimate of the distance
    to the line :math:`U = \varepsilon_F\mp\Delta`), :math:`r_0` = :func:`stopping_width`. Arrays of one shape;
    infinite where :math:`\nabla U = 0`.
    """
    u, g = finite("U", U), finite("grad", grad)
    e, d = float(finite("eps_F", eps_F)), float(positive("Delta", Delta))
    with np.errstate(divide="ignore"):
        a = d ** (1.0 / 3.0) * g ** (-2.0 / 3.0)  # 1/(|grad U| r_0)
    return np.minimum(np.abs(e - d - u), np.abs(e + d - u)) * a


def untrusted_mask(pot: SmoothPotential, eps_F, Delta, kappa_max=0.3, n_r0=2.0):
    r"""Grid points (``[ix, iy]``) where the sharp map of :func:`current_map` is not to be trusted.

    A point is marked when it lies within ``n_r0`` local widths :math:`r_0` of a band edge
    (:func:`border_distance`) **and** the local :math:`\kappa` (:func:`validity_parameter`) exceeds
    ``kappa_max``: there the stopping-line profile is not the uniform-field Airy shape of Eq. (16) (and
    the current's position and shape across the border are uncertain by about r_0).
    ``kappa_max`` > 0, ``n_r0`` > 0.
    """
    d, e = float(positive("Delta", Delta)), float(finite("eps_F", eps_F))
    km, nr = float(positive("kappa_max", kappa_max)), float(positive("n_r0", n_r0))
    g = pot.resample(pot.N)
    grad = np.hypot(g["dU_dx"], g["dU_dy"])
    kappa = validity_parameter(g["dU_dx"], g["dU_dy"], g["d2U_dx2"], g["d2U_dxdy"], g["d2U_dy2"], d)
    return (border_distance(pot.U, grad, e, d) < nr) & (kappa > km)


# --- the stopping lines with their width: Eq. (16), corrected -------------------------------

_A1_SPLINE = None


def _a1(w):
    r""":math:`A_1(w) = \int_w^\infty\mathrm{Ai}` for many points at once: a cubic spline through
    :func:`ahe_lib.airy_density.airy_tail_integral` on [-60, 12] (step 0.01, error < 1e-7), that
    function's asymptotic series below -60, and 0 above 12 (:math:`A_1(12) = 4\cdot10^{-14}`)."""
    global _A1_SPLINE
    from scipy.interpolate import CubicSpline

    from .airy_density import airy_tail_integral

    if _A1_SPLINE is None:
        grid = np.linspace(-60.0, 12.0, 7201)
        _A1_SPLINE = CubicSpline(grid, airy_tail_integral(grid))
    w = np.asarray(w, dtype=float)
    out = np.zeros_like(w)
    inside = (w >= -60.0) & (w <= 12.0)
    out[inside] = _A1_SPLINE(w[inside])
    far = w < -60.0
    if np.any(far):
        out[far] = airy_tail_integral(np.maximum(w[far], -1e8))
    return out


def smeared_band_weights(U, grad, eps_F, Delta, band="both"):
    r"""Band weights of :func:`band_weights` with the stopping lines given their width (Eq. 16, corrected).

    Summing the corrected δ-shape of Eq. (16), :math:`(2/r_0)\mathrm{Ai}(-2r_\perp/r_0)` per unit
    :math:`|\nabla U|` (:func:`ahe_lib.airy_density.delta_shape_eq16`), over the occupied energies replaces
    the step :math:`\theta(\varepsilon_F - U - \Delta)` of the conduction band by the uniform-field profile
    :math:`A_1(-2r_\perp^c/r_0)`, :math:`r_\perp^c = (\varepsilon_F - U - \Delta)/|\nabla U|`
    (:math:`A_1(w) = \int_w^\infty\mathrm{Ai}`; the profile of Fig. 2, Eq. 33). The valence band is its charge
    conjugate (:math:`\sigma_xK` maps valence states in U at ε onto conduction states in -U at -ε with the same
    current), so its weight is :math:`-\tfrac12[1 - A_1(2r_\perp^v/r_0)]`,
    :math:`r_\perp^v = (\varepsilon_F - U + \Delta)/|\nabla U|`. Conduction: :math:`+\tfrac12A_1(-2r_\perp^c/r_0)`.
    Local uniform-field approximation: meaningful where κ ≪ 1 (:func:`validity_parameter`).
    ``grad`` = :math:`|\nabla U|` > 0, arrays of one shape; units e/h; :math:`\hbar = v_F = 1`.
    """
    if band not in _BAND_NAMES:
        raise ValueError(f"band must be one of {_BAND_NAMES}; got {band!r}")
    u, g = finite("U", U), positive("grad", grad)
    e, d = float(finite("eps_F", eps_F)), float(positive("Delta", Delta))
    a = d ** (1.0 / 3.0) * g ** (-2.0 / 3.0)  # 1/(|grad U| r_0)
    wc = 0.5 * _a1(-2.0 * (e - u - d) * a)
    wv = -0.5 * (1.0 - _a1(2.0 * (e - u + d) * a))
    return {"c": wc, "v": wv, "both": wc + wv}[band]


def smeared_current_map(pot: SmoothPotential, eps_F, Delta, band="both"):
    r"""Current density :math:`(j_x, j_y)/(e/h)` of :func:`current_map` with the stopping lines of width r_0.

    :math:`\mathbf j = w\,\mathbf n_z\times\nabla U` with :func:`smeared_band_weights` (Eqs. 15, 16
    corrected, local uniform-field profile). Unlike the sharp map it does not vanish inside the puddles
    within a few r_0 of their borders (and carries the decaying interference oscillations of Fig. 2 further
    in). Same smoothness requirements as :func:`current_map`.
    """
    d = _check_smooth(pot, Delta)
    grad = np.maximum(np.hypot(pot.dU_dx, pot.dU_dy), 1e-300)
    w = smeared_band_weights(pot.U, grad, eps_F, d, band)
    return -w * pot.dU_dy, w * pot.dU_dx


def puddle_current_share(pot: SmoothPotential, eps_F, Delta, M=None, near=3.0):
    r"""Share of the current inside the puddles with the stopping lines of width r_0 (:func:`smeared_band_weights`).

    On an ``M``×``M`` resampling of the field (:meth:`SmoothPotential.resample`, default ``M = pot.N``):
    ``share`` = :math:`\int_{\rm puddles}|\mathbf j|\,d^2r / \int|\mathbf j|\,d^2r` (puddles as in
    :func:`puddle_masks`), ``share_near`` the part of it within ``near`` local r_0 of a band edge
    (:func:`border_distance`), ``ratio_to_sharp`` = :math:`\int|\mathbf j|/\int|\mathbf j_{\rm sharp}|` (the sharp
    map of :func:`current_map`; it exceeds 1 by the interference oscillations). Returns a dict of floats.
    """
    d, e = _check_smooth(pot, Delta), float(finite("eps_F", eps_F))
    g = pot.resample(pot.N if M is None else M)
    grad = np.maximum(np.hypot(g["dU_dx"], g["dU_dy"]), 1e-300)
    j = np.abs(smeared_band_weights(g["U"], grad, e, d)) * grad
    sharp = np.abs(band_weights(g["U"], e, d)) * grad
    puddle = ~puddle_masks(g["U"], e, d)["insulating"]
    close = border_distance(g["U"], grad, e, d) < float(positive("near", near))
    return {"share": float(j[puddle].sum() / j.sum()), "share_near": float(j[puddle & close].sum() / j.sum()),
            "ratio_to_sharp": float(j.sum() / sharp.sum())}
