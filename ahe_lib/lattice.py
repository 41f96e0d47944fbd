r"""The step current of a *lattice* massive Dirac model built with Kwant (book chapter beyond_lattice_kwant).

Model
-----
Kwant's :func:`kwant.continuum.discretize` turns the continuum Hamiltonian (:math:`\hbar=v_F=1`)

.. math:: H = k_x\sigma_x + k_y\sigma_y + \big[\Delta + B(k_x^4 + k_y^4)\big]\sigma_z + U(x)

into a square lattice of constant ``a``: :math:`k\to\sin(ka)/a` (nearest neighbours) and
:math:`k^4\to[2(1-\cos ka)/a^2]^2` (hoppings up to two sites). Without the :math:`B` term the
lattice has four Dirac cones (the fermion doublers at :math:`(\pi/a,0),(0,\pi/a),(\pi/a,\pi/a)`) and
their currents cancel. The Wilson term gives the doublers the mass :math:`\Delta + m_W` at
:math:`(\pi/a,0)` and :math:`\Delta + 2m_W` at :math:`(\pi/a,\pi/a)`, with
:math:`m_W = 16B/a^4` (``wilson_mass``); near :math:`\Gamma` it changes the mass of the physical cone
only by :math:`m_W (ka)^4/16` (a :math:`k^2` Wilson term would change it by :math:`\propto k^2 a`).

The ribbon is finite in :math:`x` (:math:`|x| \le X`, open edges) and periodic in :math:`y`
(:func:`kwant.wraparound.wraparound`); it holds one step :math:`U(s)`, flat for :math:`|s|\ge 10`.

Current in a window (Hellmann-Feynman)
--------------------------------------
The ribbon's edges carry equilibrium (magnetization) currents. The step current is the current in a
smooth window :math:`w(x)` equal to 1 around the step and 0 at both edges, its erf ramps in the
middle of the flat regions. With the coupling :math:`\lambda V`, :math:`V = w(x)\,\partial H/\partial
k_y` (the lattice current operator is on-site in :math:`x`), the grand potential per :math:`k_y`,
:math:`\Omega(k_y,\lambda) = -T\sum_n\ln(1+e^{-(\varepsilon_n-\varepsilon_F)/T})`, gives

.. math:: \frac{J_y}{e/h} = \int_{-\pi/a}^{\pi/a} dk_y\,
          \frac{\partial\Omega(k_y,\lambda)}{\partial\lambda}\Big|_{\lambda=0}
          = \int dk_y \sum_n f_T(\varepsilon_n-\varepsilon_F)\,\langle n|V|n\rangle ,

evaluated as a central difference in :math:`\lambda` from the eigenvalues of two real symmetric
banded matrices per :math:`k_y` (no eigenvectors). Every state of the lattice is occupied with the
Fermi function, down to the bottom of the lowest band: the result is the lattice's total, including
what the regularisation (doublers, band bottom) contributes. One diagonalisation pair per
:math:`k_y` serves all Fermi energies.

Units and conventions as :func:`ahe_lib.exact_step_current`: :math:`s`, ``a`` in
:math:`\hbar v_F/\Delta`; energies in the unit of ``Delta``; the current as :math:`J_y/(e/h)` with
:math:`e=-|e|` (energy units).
"""

from __future__ import annotations

import functools
import warnings

import numpy as np
from scipy.linalg import lapack
from scipy.special import erf, expit
from threadpoolctl import threadpool_limits

from ._validate import finite, positive
from .exact_current import STEP_HALF_WIDTH, check_flat_step

with warnings.catch_warnings():  # MUMPS is optional (not used here); its absence warns on import
    warnings.filterwarnings("ignore", message=".*MUMPS is not available.*", category=RuntimeWarning)
    import kwant
    import kwant.continuum
    import kwant.wraparound

#: Fermi tail: occupations below exp(-18) ~ 1.5e-8 of the window's edges are treated as 0 or 1.
_TAIL = 18.0
#: default lattice constant (hbar v_F / Delta) and Wilson mass (Delta)
DEFAULT_A = 0.08
DEFAULT_WILSON_MASS = 6.0

#: band storage: H(k_y) couples orbitals up to BANDWIDTH apart (hoppings up to two sites, two orbitals);
#: H(k_y) = sum_n H_n exp(i n k_y a) over n in HARMONICS
BANDWIDTH = 5
HARMONICS = np.arange(-2, 3)
HARMONICS.setflags(write=False)

HAMILTONIAN = "k_x*sigma_x + k_y*sigma_y + (Delta + B*(k_x**4 + k_y**4))*sigma_z + U(x)*identity(2)"


def wilson_dispersion(kx, ky, *, Delta, a, wilson_mass):
    r"""Bulk band energy :math:`E(\mathbf k) = |\mathbf d(\mathbf k)|` of the lattice model (:math:`U=0`).

    :math:`\mathbf d = (\sin k_xa/a,\ \sin k_ya/a,\ \Delta + \tfrac{m_W}{4}[(1-\cos k_xa)^2 + (1-\cos k_ya)^2])`;
    the bands are :math:`\pm E`. Written out by hand (independent of Kwant's discretisation).
    """
    kx, ky = np.asarray(kx, float), np.asarray(ky, float)
    dz = Delta + 0.25 * wilson_mass * ((1 - np.cos(kx * a)) ** 2 + (1 - np.cos(ky * a)) ** 2)
    return np.sqrt((np.sin(kx * a) / a) ** 2 + (np.sin(ky * a) / a) ** 2 + dz**2)


def doubler_gap(*, Delta, a, wilson_mass, n=201):
    r"""Lowest bulk energy :math:`E(\mathbf k)` away from the physical cone: the minimum over
    :math:`\max(|k_x|,|k_y|) \ge \pi/2a` (the outer half of the Brillouin zone, which holds the three
    doublers). States of :math:`|\varepsilon-U| <` this value belong to the cone at :math:`\Gamma`.
    """
    q = np.linspace(0.5 * np.pi / a, np.pi / a, n)
    p = np.linspace(-np.pi / a, np.pi / a, 2 * n + 1)
    KX, KY = np.meshgrid(q, p, indexing="ij")
    return float(wilson_dispersion(KX, KY, Delta=Delta, a=a, wilson_mass=wilson_mass).min())


def chern_number(*, Delta, wilson_mass):
    r"""Total Chern number of the lattice's lower band, in the sign convention in which one continuum
    cone of mass :math:`\Delta>0` carries :math:`+\tfrac12`: the sum of :math:`\tfrac12\,\mathrm{sign}(m_i)\chi_i`
    over the four Dirac points, masses :math:`\Delta, \Delta+m_W, \Delta+m_W, \Delta+2m_W` and
    chiralities :math:`+1,-1,-1,+1`. 0 for :math:`m_W>0`; 1 for :math:`m_W < -\Delta`.
    """
    masses = (Delta, Delta + wilson_mass, Delta + wilson_mass, Delta + 2 * wilson_mass)
    if min(abs(m) for m in masses) == 0:
        raise ValueError("a Dirac point is gapless: choose wilson_mass with Delta + wilson_mass != 0 != Delta + 2 wilson_mass")
    return 0.5 * sum(np.sign(m) * c for m, c in zip(masses, (1, -1, -1, 1)))


def window(x, *, x_ramp, width):
    r"""Smooth window :math:`w(x) = \tfrac12[\mathrm{erf}((x+x_r)/w) - \mathrm{erf}((x-x_r)/w)]`."""
    return 0.5 * (erf((x + x_ramp) / width) - erf((x - x_ramp) / width))


class Ribbon:
    r"""The Kwant ribbon at one lattice constant: :math:`H(k_y)` and :math:`V(k_y)` in banded form.

    Kwant builds the system; :math:`H(k_y) = \sum_{n=-2}^{2} H_n e^{ink_ya}` is read back from
    :meth:`hamiltonian_submatrix` at five :math:`k_y` without the potential (its Fourier components, cached
    per geometry and masses), the on-site :math:`U(x)` is added to :math:`H_0`, and the sum is checked
    against Kwant's :math:`H(k_y)` with the potential at a sixth :math:`k_y`. The matrices are turned real
    symmetric by the basis change :math:`\psi_B\to i\psi_B` and stored in LAPACK's upper band format
    (bandwidth 5).
    """

    def __init__(self, U, *, Delta, a, half_width, x_ramp, ramp_width, wilson_mass):
        self.a, self.Delta = float(a), float(Delta)
        self.B = wilson_mass * a**4 / 16.0
        self.syst, self.x, perm = _ribbon_system(self.a, float(half_width))
        self.N = perm.size
        self.kd = BANDWIDTH
        self.n = HARMONICS
        self.U_x = np.asarray(U(self.x), float) * np.ones_like(self.x)
        # Fourier components of Kwant's H(k_y) without the potential (cached per geometry, Delta, B),
        # plus the on-site U(x) on both orbitals (the diagonal, row kd of the band storage, n = 0)
        comp = _fourier_components(self.a, float(half_width), self.Delta, self.B).copy()
        comp[2, self.kd] += np.repeat(self.U_x, 2)
        self.comp = comp  # (5, kd + 1, N): H_n for n = self.n = -2..2
        # Kwant's own H(k_y), potential included, at a sixth k_y must equal the reconstruction
        test = 0.7318
        direct = _dense_band(self.syst, dict(Delta=self.Delta, B=self.B, U=U, k_y=test), perm)
        recon = self.band_H(test / a, complex_ok=True)
        if np.max(np.abs(direct - recon)) > 1e-9 * max(1.0, np.max(np.abs(direct))):
            raise RuntimeError("Kwant's H(k_y) is not the potential on site plus a trigonometric polynomial of "
                               "degree 2 in k_y a")
        if np.max(np.abs(np.imag(direct))) > 1e-12 * np.max(np.abs(direct)):
            raise RuntimeError("the basis change psi_B -> i psi_B did not make H(k_y) real")
        w = window(self.x, x_ramp=x_ramp, width=ramp_width)
        self.w_orb = np.repeat(w, 2)  # w on both orbitals, in band column order

    def band_H(self, k, complex_ok=False):
        """H(k_y) in upper band storage (real), k_y in 1/length; for an array of k_y, a stack of them."""
        phase = np.exp(1j * np.multiply.outer(np.asarray(k, float) * self.a, self.n))
        ab = np.tensordot(phase, self.comp, axes=1)
        return ab if complex_ok else ab.real

    def band_V(self, k):
        r""":math:`V = w(x)\,\partial H/\partial k_y` in upper band storage (real); stacked for an array of k_y."""
        phase = np.exp(1j * np.multiply.outer(np.asarray(k, float) * self.a, self.n))
        dab = np.tensordot(1j * self.a * self.n * phase, self.comp, axes=1)
        return (dab * self.w_orb).real


def _dense_band(syst, params, perm):
    """Upper band storage (kd = BANDWIDTH) of D^+ H(theta) D, D = diag(1, i) per site, in x order."""
    Hs = syst.hamiltonian_submatrix(params=params, sparse=True).tocoo()
    inv = np.empty_like(perm)
    inv[perm] = np.arange(perm.size)
    i, j, v = inv[Hs.row], inv[Hs.col], Hs.data
    phase = (1j) ** ((j % 2) - (i % 2))  # conj(D_i) D_j with D = 1 (orbital 0), i (orbital 1)
    keep = i <= j
    kd = BANDWIDTH
    if np.any(j - i > kd):
        raise RuntimeError("Kwant's ribbon Hamiltonian is wider than the expected band")
    ab = np.zeros((kd + 1, perm.size), complex)
    ab[kd + i[keep] - j[keep], j[keep]] = (v * phase)[keep]
    return ab


@functools.lru_cache(maxsize=4)
def _template(a):
    """Kwant's discretisation of :data:`HAMILTONIAN` on the square lattice of constant ``a``."""
    return kwant.continuum.discretize(HAMILTONIAN, grid=a)


@functools.lru_cache(maxsize=8)
def _ribbon_system(a, half_width):
    r"""Kwant's finalized ribbon (:math:`|x| \le` ``half_width``, periodic in y) for lattice constant ``a``,
    the sites' x in ascending order and the orbital permutation to that order. The potential, masses and
    k_y are parameters, so calls with the same geometry share one system."""
    tmpl = _template(a)
    builder = kwant.Builder(kwant.TranslationalSymmetry(tmpl.lattice.vec((0, 1))))
    builder.fill(tmpl, lambda site: abs(site.pos[0]) <= half_width + 1e-9 * a, (0, 0))
    syst = kwant.wraparound.wraparound(builder, coordinate_names="y").finalized()
    pos = np.array([s.pos[0] for s in syst.sites])
    order = np.argsort(pos, kind="stable")
    perm = (2 * order[:, None] + np.arange(2)[None, :]).ravel()  # orbital index in x order
    x = pos[order]
    x.setflags(write=False)  # shared by every call with this geometry
    perm.setflags(write=False)
    return syst, x, perm


@functools.lru_cache(maxsize=16)
def _fourier_components(a, half_width, Delta, B):
    """Components n = -2..2 of Kwant's ribbon H(k_y) = sum_n H_n exp(i n k_y a) with U = 0, in band storage
    (shape (5, 6, N)): five evaluations of Kwant's Hamiltonian at k_y a = 2 pi j / 5."""
    syst, _, perm = _ribbon_system(a, half_width)
    th = 2 * np.pi * np.arange(HARMONICS.size) / HARMONICS.size
    mats = np.array([_dense_band(syst, dict(Delta=Delta, B=B, U=lambda x: 0.0 * x, k_y=t), perm) for t in th])
    comp = np.einsum("jab,nj->nab", mats, np.exp(-1j * np.outer(HARMONICS, th))) / th.size
    comp.setflags(write=False)
    return comp


def _k_nodes(P, a, T, h_factor, n_outer):
    """Quadrature on the Brillouin zone [-pi/a, pi/a]: Gauss-Legendre on [-P, P] (states in the Fermi
    window, spacing <= h_factor*T in the middle) and on the two outer pieces (filled/empty bands only)."""
    kz = np.pi / a
    if P >= 0.75 * kz:  # the window fills most of the zone: periodic trapezoid
        n = int(np.ceil(2 * kz / (h_factor * T)))
        k = -kz + 2 * kz * np.arange(n) / n
        return k, np.full(n, 2 * kz / n)
    n_in = max(24, int(np.ceil(np.pi * P / (h_factor * T))))
    t, w = np.polynomial.legendre.leggauss(n_in)
    ks, ws = [P * t], [P * w]
    to, wo = np.polynomial.legendre.leggauss(int(n_outer))
    half = 0.5 * (kz - P)
    for sgn in (1, -1):
        ks.append(sgn * (P + half * (to + 1)))
        ws.append(half * wo)
    return np.concatenate(ks), np.concatenate(ws)


def lattice_step_current(U, eps_F, *, Delta, U_L, U_R, T, a=DEFAULT_A, wilson_mass=None, flat=8.0,
                         ramp_width=2.0, h_factor=2.0, n_outer=12, dlam=1e-3, workers=2, return_details=False):
    r"""Total current :math:`J_y/(e/h)` across one step of the Kwant lattice model (module docstring).

    Parameters
    ----------
    U : callable
        Vectorised :math:`U(s)`, energy units, :math:`s` in :math:`\hbar v_F/\Delta`; :math:`U=U_L`
        for :math:`s\le-10`, :math:`U=U_R` for :math:`s\ge10` (checked on the lattice sites).
    eps_F : float or array
        Fermi energies; one pair of diagonalisations per :math:`k_y` serves all.
    Delta, U_L, U_R : float
        Half-gap (> 0) and the asymptotes of ``U``.
    T : float
        Temperature (> 0, :math:`k_B=1`).
    a : float
        Lattice constant in :math:`\hbar v_F/\Delta` (default 0.08). The lattice's bulk magnetization
        differs from the continuum's by about :math:`m_W (k_Fa)^4/32` (Wilson mass at the Fermi
        momentum), i.e. :math:`\propto a^4`.
    wilson_mass : float, optional
        :math:`m_W` in units of ``Delta`` (default 6): mass added at the doublers. Negative values
        below :math:`-1` invert the doublers (total Chern number 1 instead of 0).
    flat, ramp_width : float
        The ribbon is :math:`|x|\le 10 + 2\,` ``flat``; the window's erf ramps (width ``ramp_width``)
        sit at :math:`|x| = 10 +` ``flat``, halfway between the step and the edges.
    h_factor, n_outer, dlam : float, int, float
        :math:`k_y` spacing (in units of T) of the inner Gauss-Legendre rule, nodes of each outer rule,
        and the step of the central difference in :math:`\lambda` (energy units).
    workers : int
        Processes that share the diagonalisations (default 2, the machine's cores; 1: none forked).
        The result is the same to the last bit for any number.

    Returns
    -------
    float or ndarray
        :math:`J_y/(e/h)` (energy units). With ``return_details`` also a dict (``N`` matrix size,
        ``n_k`` nodes, ``P``, ``doubler_gap``, ``chern``).

    Raises
    ------
    ValueError
        Delta <= 0, T <= 0, non-finite input, a step not flat for :math:`|s|\ge10`, or an ``a`` so coarse
        that the doubler region of the spectrum (:func:`doubler_gap`) reaches into the occupied window
        :math:`[\min\varepsilon_F - 18T, \max\varepsilon_F + 18T]` relative to :math:`U(x)`.
    """
    d = float(positive("Delta", Delta))
    if isinstance(workers, bool) or not isinstance(workers, (int, np.integer)) or workers < 1:
        raise ValueError(f"workers must be an integer >= 1 (processes sharing the k_y nodes); got {workers!r}")
    uL, uR = float(finite("U_L", U_L)), float(finite("U_R", U_R))
    T = float(positive("T", T))
    a = float(positive("a", a))
    eF = finite("eps_F", eps_F)
    mW = DEFAULT_WILSON_MASS if wilson_mass is None else float(finite("wilson_mass", wilson_mass))
    mW = mW * d
    flat = float(positive("flat", flat))
    positive("ramp_width", ramp_width), positive("h_factor", h_factor), positive("dlam", dlam)
    if int(n_outer) < 1:
        raise ValueError(f"n_outer must be a positive integer; got {n_outer!r}")
    # energies and lengths in units of Delta and hbar v_F / Delta
    check_flat_step(U, uL, uR, s_max=STEP_HALF_WIDTH + 2 * flat, tol=1e-7 * max(d, abs(uR - uL)))
    s_grid = np.linspace(-STEP_HALF_WIDTH - 2 * flat, STEP_HALF_WIDTH + 2 * flat, 4001)
    u = finite("U(s)", U(s_grid)) * np.ones_like(s_grid)
    e_lo, e_hi = float(eF.min()) - _TAIL * T, float(eF.max()) + _TAIL * T
    Umin, Umax = float(u.min()), float(u.max())
    reach = max(e_hi - Umin, Umax - e_lo, d)
    gap = doubler_gap(Delta=d, a=a, wilson_mass=mW)
    if reach >= gap:
        raise ValueError(
            f"lattice constant a = {a} too coarse: the doubler region of the spectrum starts at |eps - U| = {gap:.3g}, "
            f"inside the occupied window (|eps - U| up to {reach:.3g} for these eps_F, T, U); decrease a "
            f"(valid: doubler_gap(Delta, a, wilson_mass) > max|eps - U| + 18 T)")
    # p_y bound: bulk states with |sin(k a)/a| > reach have |eps - U| > reach (Weyl)
    P = np.arcsin(min(1.0, reach * a)) / a * 1.05
    rib = Ribbon(U, Delta=d, a=a, half_width=STEP_HALF_WIDTH + 2 * flat, x_ramp=STEP_HALF_WIDTH + flat,
                 ramp_width=ramp_width, wilson_mass=mW)
    k, wk = _k_nodes(min(P, np.pi / a), a, T, h_factor, n_outer)
    mu = np.atleast_1d(eF).ravel()[:, None]
    J = np.zeros(mu.shape[0])
    abH, abV = rib.band_H(k), rib.band_V(k)
    pairs = [m for h, v in zip(abH, abV) for m in (h + dlam * v, h - dlam * v)]
    spectra = _banded_eigenvalues(pairs, workers)
    for n, ww in enumerate(wk):
        e_p, e_m = spectra[2 * n], spectra[2 * n + 1]
        phi_p = -T * np.logaddexp(0.0, -(e_p[None, :] - mu) / T)
        phi_m = -T * np.logaddexp(0.0, -(e_m[None, :] - mu) / T)
        J += ww * np.sum(phi_p - phi_m, axis=1) / (2 * dlam)
    out = float(J[0]) if np.ndim(eps_F) == 0 else J.reshape(np.shape(eF))
    if return_details:
        return out, {"N": rib.N, "n_k": int(k.size), "P": float(P), "doubler_gap": gap,
                     "chern": chern_number(Delta=d, wilson_mass=mW), "reach": reach}
    return out


def _dsbevd(ab):
    return lapack.dsbevd(ab, compute_v=0)[0]


def _banded_eigenvalues(matrices, workers):
    """Eigenvalues of each symmetric banded matrix (LAPACK ``dsbevd``, upper band storage), in order.

    ``dsbevd`` holds the GIL, so threads would not overlap; with ``workers > 1`` the matrices are
    shared out to that many forked processes (each with one BLAS thread). The eigenvalues are the same
    floats as in one process, and they come back in input order.
    """
    if workers == 1 or len(matrices) < 4 * workers:
        return [_dsbevd(ab) for ab in matrices]
    import multiprocessing

    with threadpool_limits(1, user_api="blas"), multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(_dsbevd, matrices, chunksize=max(1, len(matrices) // (4 * workers)))


def kwant_bulk_energies(kx, ky, *, Delta, a, wilson_mass):
    r"""Eigenvalues of Kwant's discretisation of :data:`HAMILTONIAN` on the infinite lattice (:math:`U=0`).

    The template is wrapped around in both directions (:func:`kwant.wraparound.wraparound`) and the
    2x2 Bloch Hamiltonian evaluated at the phases :math:`(k_xa, k_ya)`. Returns an array of shape
    ``(len(kx), 2)`` (ascending); compare with :math:`\pm` :func:`wilson_dispersion`.
    """
    tmpl = _template(float(a))
    lat = tmpl.lattice
    builder = kwant.Builder(kwant.TranslationalSymmetry(lat.vec((1, 0)), lat.vec((0, 1))))
    builder.fill(tmpl, lambda site: True, (0, 0))
    syst = kwant.wraparound.wraparound(builder, coordinate_names="xy").finalized()
    par = dict(Delta=float(Delta), B=float(wilson_mass) * a**4 / 16.0, U=lambda x: 0.0)
    out = [np.linalg.eigvalsh(syst.hamiltonian_submatrix(params=dict(par, k_x=float(qx) * a, k_y=float(qy) * a)))
           for qx, qy in zip(np.atleast_1d(kx), np.atleast_1d(ky))]
    return np.array(out)


def bulk_step_current(eps_F, *, Delta, U_L, U_R, T, a, wilson_mass=None, n=None):
    r"""The step current predicted by the *bulk* lattice bands alone (no ribbon, no Kwant):
    :math:`J_y = M_T(\varepsilon_F-U_L) - M_T(\varepsilon_F-U_R)`.

    :math:`M_T(\mu)/(e/h) = -\frac{1}{2\pi}\int_{BZ} d^2k\;\Omega_+(\mathbf k)\,K_\mu(E(\mathbf k))`,
    :math:`K_\mu(E) = \int_{-E}^{E}(-\partial_\varepsilon f_T(\varepsilon-\mu))\,\varepsilon\,d\varepsilon`,
    the thermal average of the two-band orbital magnetization
    :math:`M_0(\mu) = -\frac{\mu}{2\pi}\int_{E(\mathbf k)>|\mu|}\Omega_+\,d^2k` (Berry curvature plus
    orbital moment of :math:`\mathbf d\cdot\boldsymbol\sigma`, spectrum :math:`\pm E`), with
    :math:`\Omega_+ = \tfrac12\,\mathbf d\cdot(\partial_x\mathbf d\times\partial_y\mathbf d)/E^3` of the
    hand-written :math:`\mathbf d(\mathbf k)` of :func:`wilson_dispersion` (sign: :math:`+` at
    :math:`\Gamma` for :math:`\Delta>0`, so the continuum cone has :math:`\int\Omega_+/2\pi = \tfrac12`).
    For the continuum cone this formula gives Eqs. (12)/(27) exactly. Trapezoidal rule on the
    Brillouin zone (periodic, smooth integrand), ``n`` points per direction (default: spacing
    :math:`\le 1.2\,T`, converged to :math:`10^{-9}`; one quadrant by symmetry).
    """
    d = float(positive("Delta", Delta))
    T = float(positive("T", T))
    a = float(positive("a", a))
    uL, uR = float(finite("U_L", U_L)), float(finite("U_R", U_R))
    eF = finite("eps_F", eps_F)
    mW = d * (DEFAULT_WILSON_MASS if wilson_mass is None else float(finite("wilson_mass", wilson_mass)))
    if n is None:
        n = int(np.ceil(2 * np.pi / a / (1.2 * T)))
    n += n % 2
    # midpoint grid, symmetric about 0; E and Omega_+ are even in k_x and in k_y: one quadrant, weight 4
    k = 2 * np.pi / a * (np.arange(n // 2) + 0.5) / n
    KX, KY = np.meshgrid(k, k, indexing="ij")
    cx, sx, cy, sy = np.cos(KX * a), np.sin(KX * a), np.cos(KY * a), np.sin(KY * a)
    dvec = np.stack([sx / a, sy / a, d + 0.25 * mW * ((1 - cx) ** 2 + (1 - cy) ** 2)])
    ddx = np.stack([cx, 0 * cx, 0.5 * mW * (1 - cx) * sx * a])
    ddy = np.stack([0 * cy, cy, 0.5 * mW * (1 - cy) * sy * a])
    E = np.sqrt(np.sum(dvec**2, axis=0))
    omega = 0.5 * np.einsum("i...,i...", dvec, np.cross(ddx, ddy, axis=0)) / E**3
    w = 4 * (2 * np.pi / a / n) ** 2
    Ef, om = E.ravel(), omega.ravel() * w

    def M(mu):
        f = lambda x: expit(-x / T)
        sp = lambda x: np.logaddexp(0.0, x)
        K = -Ef * f(Ef - mu) - Ef * f(-Ef - mu) + T * (sp((mu + Ef) / T) - sp((mu - Ef) / T))
        return -np.dot(om, K) / (2 * np.pi)

    flat = np.atleast_1d(eF).ravel()
    J = np.array([M(e - uL) - M(e - uR) for e in flat])
    return float(J[0]) if np.ndim(eps_F) == 0 else J.reshape(np.shape(eF))
