r"""Berry curvature of one massive Dirac cone and the Berry-velocity (transport) current (paper Sec. I, Eq. 1).

The Bloch Hamiltonian of Eq. (2) with a constant potential (dropped) is

.. math:: H(\mathbf p) = \mathbf d(\mathbf p)\cdot\boldsymbol\sigma,\qquad
          \mathbf d = (v_F p_x,\ v_F p_y,\ \Delta),

with bands :math:`\varepsilon_{c,v} = \pm|\mathbf d|`. The paper (text around Eq. 1) defines the
Berry curvature as :math:`\boldsymbol\Omega(\mathbf p) = i\hbar^2\nabla_{\mathbf p}\times
\langle u_{\mathbf p}|\nabla_{\mathbf p}u_{\mathbf p}\rangle`, i.e. the curl of the Berry
connection :math:`\mathbf A = i\langle u|\nabla_{\mathbf p} u\rangle`, and quotes (Sec. II)
:math:`\Omega_z = \tfrac12\hbar^2\Delta v_F^2/(\Delta^2 + p^2v_F^2)^{3/2}` without naming the band.

Everything here is computed from the *numerical* eigenvectors of the :math:`2\times2` matrix
(``numpy.linalg.eigh``), by two gauge-invariant routes:

* the lattice (Fukui--Hatsugai--Suzuki) field strength: the phase of the product of the four
  normalised overlaps around each plaquette of a momentum grid, :func:`fhs_plaquette_flux`;
* the interband (Kubo) formula at a single momentum,
  :math:`\Omega_n = -2\,\mathrm{Im}\sum_{m\ne n}\langle n|\partial_{p_x}H|m\rangle
  \langle m|\partial_{p_y}H|n\rangle/(\varepsilon_n-\varepsilon_m)^2`, :func:`berry_curvature`.

The paper's quoted closed form is :func:`omega_paper` (for comparison only).

Units and conventions
---------------------
:math:`\hbar = v_F = 1`: momenta in units of energy (:math:`p v_F`), :math:`\Omega` in units of
1/energy², the Chern number dimensionless. ``Delta`` may have either sign here (the sign of the
mass is the point of the Chern-number check), but must be finite and non-zero. The bands are
``'c'`` (conduction, upper) and ``'v'`` (valence, lower). Currents are returned as
:math:`J/(e/h)` with :math:`e=-|e|`, as everywhere in :mod:`ahe_lib`.

Transport current
-----------------
With :math:`e\mathbf E = -\nabla U`, Eq. (1) gives every state the anomalous velocity
:math:`-\mathbf v_B = -\Omega_z\,\mathbf n_z\times\nabla U` (:math:`\hbar=1`). Summed over the
states that are occupied *locally* (semiclassically, at the local Fermi energy
:math:`\mu = \varepsilon_F - U(\mathbf r)`), with :math:`d^2p/(2\pi\hbar)^2` states per area, the
transport (Berry-velocity) current density is

.. math:: \mathbf j_{\rm tr}(\mathbf r) = -\frac{e}{h}\,\Phi(\mu)\ \mathbf n_z\times\nabla U,\qquad
          \Phi(\mu) = \frac1{2\pi}\int d^2p\ \Omega_z(\mathbf p)\,n_F(\mathbf p;\mu),

where :math:`\Phi` (:func:`occupied_berry_flux`) is the Berry flux of the occupied states in units
of the flux quantum :math:`2\pi`. Integrated across a step :math:`U(x)` this is
:func:`transport_current`, to be compared with the total current
:func:`ahe_lib.total_current`.
"""

from __future__ import annotations

import numpy as np

from ._validate import finite, positive, scalar_or_array
from .pauli import SIGMA
from .step_current import step_potential

_BANDS = {"c": 1, "v": 0}


# --- input checks ---------------------------------------------------------------------------

def _mass(Delta) -> float:
    d = finite("Delta", Delta)
    if d.ndim != 0:
        raise ValueError(f"Delta must be a single real number; got {Delta!r}")
    d = float(d)
    if d == 0.0:
        raise ValueError("Delta must be non-zero (valid range: Delta != 0, finite); the gapless cone has no Berry curvature away from p = 0 and a singular one at p = 0")
    return d


def _band(band, allow_both=False):
    names = ("c", "v", "both") if allow_both else ("c", "v")
    if band not in names:
        raise ValueError(f"band must be one of {names}; got {band!r}")
    return band


# --- Hamiltonian and eigenvectors -----------------------------------------------------------

def bloch_hamiltonian(p_x, p_y, Delta):
    r"""The :math:`2\times2` matrix :math:`H(\mathbf p) = p_x\sigma_x + p_y\sigma_y + \Delta\sigma_z`, Eq. (2) at U = 0.

    :math:`\hbar = v_F = 1`; ``p_x``, ``p_y`` arrays of any (broadcastable) shape; returns an array of
    shape ``shape + (2, 2)``.
    """
    px, py = finite("p_x", p_x), finite("p_y", p_y)
    d = _mass(Delta)
    px, py = np.broadcast_arrays(px, py)
    return px[..., None, None] * SIGMA[0] + py[..., None, None] * SIGMA[1] + d * SIGMA[2]


def _eigvecs_of_direction(dhat):
    """Eigenvectors (columns: valence, conduction) of d.sigma for unit vectors dhat[..., 3]."""
    h = np.einsum("...i,ijk->...jk", dhat, SIGMA)
    _, vecs = np.linalg.eigh(h)
    return vecs


def band_eigenvectors(p_x, p_y, Delta, band):
    """Normalised eigenvectors of :func:`bloch_hamiltonian` for ``band`` ('c' or 'v'), shape ``shape + (2,)``.

    Computed numerically (``numpy.linalg.eigh``); the phase (gauge) is whatever LAPACK returns,
    which is why only gauge-invariant combinations are used downstream.
    """
    _band(band)
    _, vecs = np.linalg.eigh(bloch_hamiltonian(p_x, p_y, Delta))
    return vecs[..., :, _BANDS[band]]


# --- closed form quoted by the paper -------------------------------------------------------

def omega_paper(p_x, p_y, Delta):
    r"""The paper's quoted :math:`\Omega_z = \tfrac12\Delta/(\Delta^2+p^2)^{3/2}` (Sec. II, after Eq. 12), :math:`\hbar=v_F=1`.

    No band is named in the paper; :func:`berry_curvature` shows that this is the valence band's
    curvature in the paper's own convention (the conduction band has the opposite sign).
    Units 1/energy².
    """
    px, py = finite("p_x", p_x), finite("p_y", p_y)
    d = _mass(Delta)
    out = 0.5 * d / (d * d + px * px + py * py) ** 1.5
    return scalar_or_array(out, p_x, p_y)


# --- pointwise curvature: interband (Kubo) formula from numerical eigenvectors --------------

def berry_curvature(p_x, p_y, Delta, band):
    r""":math:`\Omega_z(\mathbf p)` of ``band`` in the paper's convention :math:`\Omega = \nabla_p\times i\langle u|\nabla_p u\rangle`.

    Interband formula on the numerical eigenvectors of :func:`bloch_hamiltonian`:
    :math:`\Omega_n = -2\,\mathrm{Im}\,\langle n|\sigma_x|m\rangle\langle m|\sigma_y|n\rangle/(\varepsilon_n-\varepsilon_m)^2`
    (:math:`\partial H/\partial p_{x,y} = \sigma_{x,y}`, :math:`m` the other band). Gauge invariant and
    free of finite differences. :math:`\hbar=v_F=1`; units 1/energy². Float for scalar input.
    """
    _band(band)
    im_xy, gap = interband_velocity_product(p_x, p_y, Delta, band)
    out = -2.0 * im_xy / gap**2
    return scalar_or_array(out, p_x, p_y)


def interband_velocity_product(p_x, p_y, Delta, band):
    r""":math:`\mathrm{Im}(\langle n|\sigma_x|m\rangle\langle m|\sigma_y|n\rangle)` and :math:`\varepsilon_n-\varepsilon_m`.

    From the numerical eigenvectors of :func:`bloch_hamiltonian` (band ``n`` = ``band``, ``m`` the
    other band; :math:`\hbar=v_F=1`, so :math:`\partial H/\partial p_{x,y} = \sigma_{x,y}`). The
    Berry curvature (:func:`berry_curvature`) and the orbital moment
    (:func:`ahe_lib.semiclassics.orbital_moment`) are this product over the gap squared and over the gap.
    """
    H = bloch_hamiltonian(p_x, p_y, Delta)
    vals, vecs = np.linalg.eigh(H)
    n, m = _BANDS[band], 1 - _BANDS[band]
    un, um = vecs[..., :, n], vecs[..., :, m]
    sx = np.einsum("...i,ij,...j->...", un.conj(), SIGMA[0], um)
    sy = np.einsum("...i,ij,...j->...", um.conj(), SIGMA[1], un)
    return np.imag(sx * sy), vals[..., n] - vals[..., m]


# --- lattice (Fukui-Hatsugai-Suzuki) field strength ----------------------------------------

def _link(u1, u2):
    z = np.einsum("...i,...i->...", u1.conj(), u2)
    return z / np.abs(z)


def fhs_plaquette_flux(p_x, p_y, Delta, band):
    r"""Berry flux through each plaquette of a rectangular momentum grid (Fukui--Hatsugai--Suzuki).

    ``p_x`` (length Nx) and ``p_y`` (length Ny) are increasing 1D grids. The flux through the
    plaquette with corners 1..4 (counter-clockwise) is
    :math:`F = -\arg(U_{12}U_{23}U_{34}U_{41})`, :math:`U_{ab} = \langle u_a|u_b\rangle/|\cdot|`,
    which approximates :math:`\int_\square\Omega_z\,d^2p` in the paper's convention (the minus sign
    because :math:`\langle u(p)|u(p+dp)\rangle \simeq e^{-i\mathbf A\cdot d\mathbf p}` for
    :math:`\mathbf A = i\langle u|\nabla u\rangle`). Gauge invariant; each :math:`F\in(-\pi,\pi]`.

    Returns ``(F, pxc, pyc, area)``: F of shape (Nx-1, Ny-1), plaquette centres and areas.
    Raises ``ValueError`` for grids with fewer than 2 points or not strictly increasing.
    """
    _band(band)
    px, py = finite("p_x", p_x), finite("p_y", p_y)
    for name, g in (("p_x", px), ("p_y", py)):
        if g.ndim != 1 or g.size < 2 or np.any(np.diff(g) <= 0):
            raise ValueError(f"{name} must be a strictly increasing 1D grid with at least 2 points")
    PX, PY = np.meshgrid(px, py, indexing="ij")
    u = band_eigenvectors(PX, PY, Delta, band)
    F = _plaquettes(u[:-1, :-1], u[1:, :-1], u[1:, 1:], u[:-1, 1:])
    pxc, pyc = 0.5 * (px[1:] + px[:-1]), 0.5 * (py[1:] + py[:-1])
    area = np.outer(np.diff(px), np.diff(py))
    return F, pxc, pyc, area


def _plaquettes(u1, u2, u3, u4):
    """-arg of the Wilson loop u1 -> u2 -> u3 -> u4 -> u1 (counter-clockwise)."""
    w = _link(u1, u2) * _link(u2, u3) * _link(u3, u4) * _link(u4, u1)
    return -np.angle(w)


def chern_number_box(Delta, band, P, N):
    r"""Lattice Berry flux through the square :math:`|p_x|,|p_y|\le P`, in units of :math:`2\pi`.

    :math:`(1/2\pi)\sum_\square F` on an N×N grid (:func:`fhs_plaquette_flux`). For a single
    Dirac cone the plane integral is half-integer, and the square misses a tail of order
    :math:`\Delta/P`; compare with :func:`box_flux_exact`. Needs ``P > 0`` and ``N >= 3``.
    """
    P = float(positive("P", P))
    if int(N) != N or N < 3:
        raise ValueError(f"N must be an integer >= 3; got {N!r}")
    g = np.linspace(-P, P, int(N))
    F, *_ = fhs_plaquette_flux(g, g, Delta, band)
    return float(F.sum() / (2 * np.pi))


def box_flux_exact(Delta, band, P):
    r"""Exact Berry flux (units of :math:`2\pi`) through :math:`|p_x|,|p_y|\le P`, from geometry.

    The map :math:`\mathbf p\mapsto\hat{\mathbf d}` sends the square to a spherical square whose solid
    angle (a pyramid of half-sides P at height :math:`|\Delta|`) is
    :math:`4\arctan[P^2/(|\Delta|\sqrt{\Delta^2+2P^2})]`; the curvature of a two-band model is
    :math:`\mp\tfrac12` the solid-angle density, so the flux is
    :math:`\pm\frac1\pi\arctan[P^2/(|\Delta|\sqrt{\Delta^2+2P^2})]\,\mathrm{sign}\,\Delta`
    (+ for the valence band). Tends to :math:`\pm\tfrac12\mathrm{sign}\,\Delta` as :math:`P\to\infty`.
    """
    _band(band)
    d, P = _mass(Delta), float(positive("P", P))
    val = np.arctan(P * P / (abs(d) * np.sqrt(d * d + 2 * P * P))) / np.pi * np.sign(d)
    return float(val if band == "v" else -val)


def chern_number_compactified(Delta, band, n_t=32, n_phi=32):
    r"""Lattice Chern number of the *whole* momentum plane, infinity included.

    Polar grid :math:`p = |\Delta|\tan t`, :math:`t\in[0,\pi/2]`, :math:`\phi\in[0,2\pi)`, with
    ``n_t`` radial and ``n_phi`` angular steps; the eigenvectors are those of
    :math:`\hat{\mathbf d}\cdot\boldsymbol\sigma`, :math:`\hat{\mathbf d} = (\sin t\cos\phi,\sin t\sin\phi,
    \mathrm{sign}(\Delta)\cos t)`, which is :math:`H(\mathbf p)/|\mathbf d|` for :math:`t<\pi/2` and its limit
    (the equator) at :math:`p=\infty`. Triangular plaquettes at the origin, quadrilaterals elsewhere;
    :math:`C = (1/2\pi)\sum F`. Needs ``n_t >= 2`` and ``n_phi >= 3``.
    """
    _band(band)
    d = _mass(Delta)
    if int(n_t) != n_t or n_t < 2:
        raise ValueError(f"n_t must be an integer >= 2; got {n_t!r}")
    if int(n_phi) != n_phi or n_phi < 3:
        raise ValueError(f"n_phi must be an integer >= 3; got {n_phi!r}")
    t = np.linspace(0.0, np.pi / 2, int(n_t) + 1)
    phi = np.linspace(0.0, 2 * np.pi, int(n_phi) + 1)[:-1]
    T, PH = np.meshgrid(t, phi, indexing="ij")
    dhat = np.stack([np.sin(T) * np.cos(PH), np.sin(T) * np.sin(PH), np.sign(d) * np.cos(T)], axis=-1)
    u = _eigvecs_of_direction(dhat)[..., :, _BANDS[band]]
    u0 = u[0, 0]  # origin: one point
    nxt = np.roll(np.arange(int(n_phi)), -1)
    tri = _plaquettes(np.broadcast_to(u0, u[1].shape), u[1], u[1, nxt], np.broadcast_to(u0, u[1].shape))
    quad = _plaquettes(u[1:-1], u[2:], u[2:, nxt], u[1:-1, nxt])
    return float((tri.sum() + quad.sum()) / (2 * np.pi))


# --- Berry flux of the occupied states and the transport current ----------------------------

def occupied_berry_flux(mu, Delta, band="both", n_nodes=24, n_phi=3):
    r""":math:`\Phi(\mu) = \frac1{2\pi}\int d^2p\,\Omega_z(\mathbf p)\,n_F`: Berry flux of the occupied states at local Fermi energy ``mu``.

    ``mu`` :math:`= \varepsilon_F - U` (energy units, :math:`\hbar=v_F=1`); ``band`` 'c', 'v' or 'both'.
    Occupied: conduction states with :math:`|\mathbf d| < \mu`, valence states with
    :math:`-|\mathbf d| < \mu` (the valence band is infinitely deep; its curvature falls as
    :math:`p^{-3}`, so no cut-off is needed). :math:`\Omega_z` comes from :func:`berry_curvature`
    (numerical eigenvectors); the radial integral uses :math:`p = |\Delta|\tan t` and ``n_nodes``
    Gauss--Legendre nodes on the occupied interval of :math:`t` of each band, the angle ``n_phi``
    uniform nodes. Dimensionless (a filled band gives its Chern number). Float for scalar ``mu``.
    """
    _band(band, allow_both=True)
    d = _mass(Delta)
    m = finite("mu", mu)
    if int(n_nodes) != n_nodes or n_nodes < 8:
        raise ValueError(f"n_nodes must be an integer >= 8; got {n_nodes!r}")
    if int(n_phi) != n_phi or n_phi < 1:
        raise ValueError(f"n_phi must be an integer >= 1; got {n_phi!r}")
    x, w = np.polynomial.legendre.leggauss(int(n_nodes))
    phi = 2 * np.pi * np.arange(int(n_phi)) / int(n_phi)
    mu1 = m.reshape(-1)
    tF = np.arctan(np.sqrt(np.maximum(mu1 * mu1 - d * d, 0.0)) / abs(d))  # Fermi momentum as t = arctan(p_F/|Delta|)

    def flux(t_lo, t_hi, b):  # (1/2pi) * 2pi * int_{t_lo}^{t_hi} p dp <Omega_b>_phi, for each mu
        half = 0.5 * (t_hi - t_lo)
        t = half[:, None] * x + 0.5 * (t_hi + t_lo)[:, None]
        p = abs(d) * np.tan(t)
        jac = abs(d) / np.cos(t) ** 2 * half[:, None]
        om = berry_curvature(p[..., None] * np.cos(phi), p[..., None] * np.sin(phi), d, b).mean(axis=-1)
        return np.sum(w * jac * p * om, axis=-1)

    out = np.zeros_like(mu1)
    zero, top = np.zeros_like(mu1), np.full_like(mu1, np.pi / 2)
    if band in ("c", "both"):  # conduction states with |d| < mu
        out += np.where(mu1 > abs(d), flux(zero, tF, "c"), 0.0)
    if band in ("v", "both"):  # valence states with -|d| < mu: all if mu > -|Delta|, else p > p_F
        out += flux(np.where(mu1 > -abs(d), 0.0, tF), top, "v")
    return scalar_or_array(out.reshape(m.shape), mu)


def occupied_berry_flux_closed_form(mu, Delta, band="both"):
    r"""Closed form of :func:`occupied_berry_flux` for :math:`\Delta>0` (the book's own integral of :func:`omega_paper`).

    With :math:`\Omega_{v} = -\Omega_c = \tfrac12\Delta/(\Delta^2+p^2)^{3/2}`:
    :math:`\Phi_c = -\tfrac12(1-\Delta/\mu)` for :math:`\mu>\Delta`, :math:`\Phi_v = \tfrac12` for
    :math:`\mu>-\Delta` and :math:`\tfrac12\Delta/|\mu|` below; together
    :math:`\Phi = \tfrac12\min(1, \Delta/|\mu|)`.
    """
    _band(band, allow_both=True)
    d = float(positive("Delta", Delta))
    m = finite("mu", mu)
    a = np.abs(m)
    ratio = d / np.maximum(a, d)
    c = np.where(m > d, -0.5 * (1 - ratio), 0.0)
    v = np.where(m > -d, 0.5, 0.5 * ratio)
    out = {"c": c, "v": v, "both": c + v}[band]
    return scalar_or_array(out, mu)


def _step_and_slope(x, U_L, U_R, width):
    th = np.tanh(x / width)
    return step_potential(x, U_L, U_R, width), (U_R - U_L) * 0.5 * (1 - th * th) / width


def transport_current(eps_F, U_L, U_R, Delta, width=1.0, band="both", n_panels=40, n_gauss=10):
    r"""Berry-velocity (transport) current across a smooth step, :math:`J_{\rm tr}/(e/h)`, Eq. (1) summed over occupied states.

    For the tanh step :math:`U(x) = U_L + (U_R-U_L)(1+\tanh(x/w))/2`
    (:func:`ahe_lib.step_potential`, ``width`` = w) and local occupation at :math:`\mu(x) =
    \varepsilon_F - U(x)`:

    .. math:: J_{\rm tr}/(e/h) = -\int dx\ U'(x)\,\Phi\big(\varepsilon_F - U(x)\big),

    with :math:`\Phi` from :func:`occupied_berry_flux` (numerical eigenvectors) and the x integral over
    :math:`|x| < 20w` by composite Gauss--Legendre quadrature (``n_panels`` panels of ``n_gauss``
    nodes, with extra panel edges at the band-edge crossings :math:`U(x) = \varepsilon_F\pm\Delta`,
    where :math:`\Phi` has kinks). Semiclassical: meaningful for ``width`` :math:`\gg\hbar v_F/\Delta`.
    Needs ``Delta > 0``, ``width > 0``. Float.
    """
    e, uL, uR = float(finite("eps_F", eps_F)), float(finite("U_L", U_L)), float(finite("U_R", U_R))
    d, w = float(positive("Delta", Delta)), float(positive("width", width))
    _band(band, allow_both=True)
    if uL == uR:
        return 0.0
    X = 20.0 * w
    edges = list(np.linspace(-X, X, int(n_panels) + 1))
    for level in (e - d, e + d):  # U(x) = eps_F -/+ Delta
        s = (level - uL) / (uR - uL)
        if 0 < s < 1:
            xc = w * np.arctanh(2 * s - 1)
            if -X < xc < X:
                edges.append(xc)
    edges = np.unique(np.array(edges))
    xg, wg = np.polynomial.legendre.leggauss(int(n_gauss))
    half = 0.5 * np.diff(edges)
    nodes = half[:, None] * xg + 0.5 * (edges[1:] + edges[:-1])[:, None]
    U, dU = _step_and_slope(nodes, uL, uR, w)
    vals = -dU * occupied_berry_flux(e - U, d, band)
    return float(np.sum(half[:, None] * wg * vals))


def transport_current_closed_form(eps_F, U_L, U_R, Delta):
    r"""Closed form of :func:`transport_current` (both bands, any step shape): :math:`S(\varepsilon_F-U_R) - S(\varepsilon_F-U_L)`.

    The book's own result: :math:`J_{\rm tr} = -\int_{U_L}^{U_R}\Phi(\varepsilon_F-u)\,du` with
    :math:`\Phi = \tfrac12\min(1,\Delta/|\mu|)`, i.e. with
    :math:`S(\mu) = \tfrac12\mu` for :math:`|\mu|\le\Delta` and
    :math:`S(\mu) = \tfrac12\,\mathrm{sign}(\mu)\,\Delta\,[1+\ln(|\mu|/\Delta)]` outside.
    Compare :math:`J_y = C(\varepsilon_F-U_R) - C(\varepsilon_F-U_L)`, :math:`C(\mu) = \tfrac12\,\mathrm{clip}(\mu,-\Delta,\Delta)`
    (:func:`ahe_lib.total_current`): the two differ only by the logarithmic tails. Units e/h.
    """
    e, uL, uR = finite("eps_F", eps_F), finite("U_L", U_L), finite("U_R", U_R)
    d = positive("Delta", Delta)

    def S(mu):
        a = np.abs(mu)
        return np.where(a <= d, 0.5 * mu, 0.5 * np.sign(mu) * d * (1 + np.log(np.maximum(a, d) / d)))

    out = S(e - uR) - S(e - uL)
    return scalar_or_array(out, eps_F, U_L, U_R, Delta)


def berry_side_jump(eps, U_L, U_R, Delta, width=1.0, curvature="c", n_panels=40, n_gauss=12):
    r"""Side jump of a conduction-band ray (:math:`p_y = 0`) crossing a tanh step, from Eq. (1) alone.

    Along the classical ray at energy ``eps`` the momentum is :math:`p(x) = \sqrt{(\varepsilon-U)^2-\Delta^2}`
    and the longitudinal velocity :math:`v_x = p/(\varepsilon - U)`; Eq. (1) adds the transverse velocity
    :math:`\dot y = -\Omega_z(p)\,U'(x)/\hbar` (:math:`e\mathbf E = -\nabla U`). The side jump is

    .. math:: \Delta y = \int dx\ \frac{\dot y}{v_x} = -\int dx\ \frac{\Omega_z(p(x))\,U'(x)\,(\varepsilon-U)}{p(x)},

    by composite Gauss--Legendre quadrature over :math:`|x| < 20w` (``n_panels`` panels of ``n_gauss``
    nodes). ``curvature``: ``'c'`` or ``'v'``, the curvature of that band from the numerical eigenvectors
    (:func:`berry_curvature`), or ``'quoted'``, the paper's closed form :func:`omega_paper` used for this
    conduction-band electron as printed (no band named). Step :math:`U = U_L + (U_R-U_L)(1+\tanh(x/w))/2`
    (:func:`ahe_lib.step_potential`). Needs ``eps > max(U_L, U_R) + Delta`` (no turning point), ``Delta`` > 0,
    ``width`` > 0. :math:`\hbar = v_F = 1`; returns a length (units :math:`\hbar v_F/\Delta` when energies are
    in units of Δ). Compare :func:`ahe_lib.ray_side_jump` (exact stationary states).
    """
    e, uL, uR = float(finite("eps", eps)), float(finite("U_L", U_L)), float(finite("U_R", U_R))
    d, w = float(positive("Delta", Delta)), float(positive("width", width))
    if curvature not in ("c", "v", "quoted"):
        raise ValueError(f"curvature must be 'c', 'v' or 'quoted'; got {curvature!r}")
    if e <= max(uL, uR) + d:
        raise ValueError(f"eps must exceed max(U_L, U_R) + Delta = {max(uL, uR) + d!r} (no turning point); got {e!r}")
    X = 20.0 * w
    edges = np.linspace(-X, X, int(n_panels) + 1)
    xg, wg = np.polynomial.legendre.leggauss(int(n_gauss))
    half = 0.5 * np.diff(edges)
    nodes = half[:, None] * xg + 0.5 * (edges[1:] + edges[:-1])[:, None]
    U, dU = _step_and_slope(nodes, uL, uR, w)
    p = np.sqrt((e - U) ** 2 - d * d)
    if curvature == "quoted":
        om = omega_paper(p, 0.0, d)
    else:
        om = berry_curvature(p, 0.0, d, curvature)
    return float(np.sum(half[:, None] * wg * (-om * dU * (e - U) / p)))
