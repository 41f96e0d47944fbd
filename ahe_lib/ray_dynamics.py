r"""Sec. IV and App. D: semiclassical ray dynamics, the side jump, and the exact ray built from stationary states.

Units :math:`\hbar = v_F = 1`; lengths in units of :math:`\hbar v_F/\Delta` when :math:`\Delta = 1`; the charge
e is divided out (densities are :math:`\Psi^\dagger\Psi`, current densities :math:`\Psi^\dagger\boldsymbol\sigma\Psi`).

Semiclassical forms (conduction band, :math:`\varepsilon > U(x) + \Delta`, no turning point), with
:math:`E = \varepsilon - U(x)`:

* Eq. (46)/(17): :math:`p(x) = \sqrt{E^2-\Delta^2}`; :math:`v_x = p/E` (Eqs. 17, 56); :math:`\xi = \Delta/E`;
* Eq. (18): :math:`\langle v_y\rangle = 2\beta = -U'\Delta/(2p^2E)`; Eq. (53): :math:`\beta = ib/a`;
* Eqs. (50), (51): :math:`b/a = iU'\Delta/(4p^2E)`, :math:`a = \sqrt{E/p}`;
* Eqs. (22), (58): :math:`y(x) = -v_x/(2\Delta)`; Eq. (23): :math:`v_{y\,tr} = U'\Delta/(2E^3)`;
* Eq. (61): :math:`v_x' = -U'\Delta^2/(pE^2)`.

Exact routes (no semiclassics), built on :mod:`ahe_lib.stationary_ode`:

* :func:`ray_side_jump` -- the side jump of a narrow ray from the :math:`p_y`-derivative of exact scattering states;
* :func:`exact_trajectory` -- the centroid :math:`y(x)` and velocity field of the exact :math:`p_y \to 0` ray;
* :func:`appD_exact_coefficients`, :func:`integrate_eq49` -- a(x), b(x) of Eq. (47) from the exact state,
  and Eq. (49) integrated as an ODE;
* :func:`build_ray` -- the ray of Eq. (19) as an explicit superposition over :math:`p_y`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from ._validate import finite, positive
from .pauli import SIGMA_X, SIGMA_Y, SIGMA_Z
from .stationary_ode import _check_potential, asymptotic_positions, solve_stationary, transverse_position

SX, SY, SZ = SIGMA_X, SIGMA_Y, SIGMA_Z


def derivative(U, x, h=1e-3):
    r"""U'(x) of a vectorised callable by the 5-point central stencil (error :math:`\sim h^4 U^{(5)}/30`)."""
    x = np.asarray(x, dtype=float)
    return (U(x - 2 * h) - 8 * U(x - h) + 8 * U(x + h) - U(x + 2 * h)) / (12 * h)


def local_momentum(U_x, eps, Delta):
    r"""Classical momentum :math:`p = \sqrt{(\varepsilon-U)^2-\Delta^2}` of Eqs. (17), (46), (56).

    ``U_x``: potential values (array). Raises ``ValueError`` unless :math:`\varepsilon - U > \Delta` at every
    point (inside the gap, at a turning point or in the valence band the semiclassical forms do not apply).
    """
    Delta = positive("Delta", Delta)
    E = float(finite("eps", eps)) - finite("U(x)", U_x)
    if np.any(E <= Delta * (1 + 1e-9)):   # the margin absorbs round-off in eps - U (e.g. 2.2 - 1.2 > 1)
        raise ValueError("eps must lie above U(x) + Delta everywhere (eps - U(x) > Delta): energies in the gap, "
                         "at a turning point or in the valence band are outside the semiclassical forms")
    return np.sqrt(E**2 - Delta**2)


@dataclass
class SemiclassicalRay:
    r"""Semiclassical fields of Sec. IV / App. D on a grid ``x`` (all arrays of the shape of x).

    ``E`` = ε−U, ``p`` (Eq. 46), ``v_x`` (Eq. 56), ``xi`` (Eq. 17), ``beta`` (Eqs. 18, 53), ``v_y`` (Eq. 18),
    ``y`` (Eqs. 22, 58), ``v_ytr`` (Eq. 23), ``dv_x`` (Eq. 61), ``a`` (Eq. 51), ``b_over_a`` (Eq. 50, imaginary).
    """

    x: np.ndarray
    U: np.ndarray
    dU: np.ndarray
    E: np.ndarray
    p: np.ndarray
    v_x: np.ndarray
    xi: np.ndarray
    beta: np.ndarray
    v_y: np.ndarray
    y: np.ndarray
    v_ytr: np.ndarray
    dv_x: np.ndarray
    a: np.ndarray
    b_over_a: np.ndarray


def semiclassical_fields(U, eps, x, *, Delta, dU=None) -> SemiclassicalRay:
    r"""Evaluate Eqs. (17)-(18), (22)-(23), (46), (50)-(53), (56), (58), (61) for a smooth ``U`` at energy ``eps``.

    ``U`` (and optional ``dU`` = U') are vectorised callables; without ``dU`` the derivative is taken
    numerically (:func:`derivative`). ``ValueError`` if :math:`\varepsilon \le U(x)+\Delta` anywhere on ``x``.
    """
    Delta = float(positive("Delta", Delta))
    x = finite("x", x)
    Ux = finite("U(x)", U(x))
    p = local_momentum(Ux, eps, Delta)
    dUx = finite("U'(x)", dU(x) if dU is not None else derivative(U, x))
    E = eps - Ux
    beta = -dUx * Delta / (4 * p**2 * E)
    return SemiclassicalRay(
        x=x, U=Ux, dU=dUx, E=E, p=p, v_x=p / E, xi=Delta / E, beta=beta, v_y=2 * beta,
        y=-p / (2 * Delta * E), v_ytr=dUx * Delta / (2 * E**3), dv_x=-dUx * Delta**2 / (p * E**2),
        a=np.sqrt(E / p), b_over_a=1j * dUx * Delta / (4 * p**2 * E))


def phase_integral(U, eps, x, *, Delta, x0=None, order=8):
    r""":math:`S(x) = \int_{x_0}^x p(x')dx'` (Gauss-Legendre of ``order`` points on every interval of the sorted grid x)."""
    x = finite("x", x)
    if np.any(np.diff(x) <= 0):
        raise ValueError("x must be strictly increasing")
    x0 = x[0] if x0 is None else float(x0)
    nodes, w = np.polynomial.legendre.leggauss(order)
    edges = np.concatenate([[x0], x]) if x0 < x[0] else x
    lo, hi = edges[:-1], edges[1:]
    pts = 0.5 * (hi - lo)[:, None] * nodes[None, :] + 0.5 * (hi + lo)[:, None]
    seg = 0.5 * (hi - lo) * (local_momentum(U(pts.ravel()), eps, Delta).reshape(pts.shape) @ w)
    S = np.concatenate([[0.0], np.cumsum(seg)])
    return S[1:] if x0 < x[0] else S


def spinor_eq17(U, eps, x, *, Delta, dU=None, with_beta=True):
    r"""The semiclassical state of Eq. (17), :math:`\sqrt{1/v_x}e^{i\int^x p}[1+\beta\sigma_y]\phi`, on the grid x.

    :math:`\phi = (\sqrt{1+\xi}, \sqrt{1-\xi})/\sqrt 2`; the phase integral starts at x[0]. Returns (n_x, 2) complex.
    """
    f = semiclassical_fields(U, eps, x, Delta=Delta, dU=dU)
    phi = np.stack([np.sqrt(1 + f.xi), np.sqrt(1 - f.xi)], axis=-1) / np.sqrt(2)
    spin = phi.astype(complex)
    if with_beta:
        spin = spin + f.beta[:, None] * (phi.astype(complex) @ SY.T)
    S = phase_integral(U, eps, x, Delta=Delta)
    return np.sqrt(1 / f.v_x)[:, None] * np.exp(1j * S)[:, None] * spin


def semiclassical_side_jump(eps, U_L, U_R, Delta):
    r"""Side jump from Eq. (22): :math:`y(+\infty)-y(-\infty) = -(v_R - v_L)/(2\Delta)`, :math:`v = p/(\varepsilon-U)`."""
    v = [local_momentum(np.asarray(Us), eps, Delta) / (eps - Us) for Us in (U_L, U_R)]
    return float(-(v[1] - v[0]) / (2 * float(Delta)))


def _check_no_turning_point(U, eps, Delta, L):
    x, Ux = _check_potential(U, L)
    local_momentum(Ux, eps, Delta)          # raises in the gap / at a turning point
    return x, Ux


def ray_side_jump(U, eps, *, Delta, L):
    r"""Transverse shift :math:`y(+\infty)-y(-\infty)` of a narrow ray (:math:`p_y \to 0`) crossing the potential U.

    Computed from **exact** stationary states of Eq. (2) (:func:`ahe_lib.stationary_ode.solve_stationary`),
    not from Eq. (22): the ray :math:`\int f(p_y)\psi_{p_y}e^{ip_yy}dp_y` with a narrow, even, real f has
    incident centroid :math:`-\mathrm{Im}\,u_L^\dagger\partial_{p_y}u_L` and transmitted centroid
    :math:`-\mathrm{Im}\,\partial_{p_y}\ln t - \mathrm{Im}\,u_R^\dagger\partial_{p_y}u_R` (t = transmission amplitude),
    both at :math:`p_y = 0`; :math:`\partial_{p_y}` of the state is integrated exactly (variational ODE),
    so there is no finite-difference error. The reflected wave, if any, is a separate (reflected) ray.

    Parameters
    ----------
    U : vectorised callable of x, constant for :math:`|x| \ge L` (checked to 1e-10).
    eps : energy; must satisfy :math:`\varepsilon > U(x) + \Delta` for all x (checked on 4001 points of
        [-L, L]), else ``ValueError`` (gap / turning point: no transmitted ray).
    Delta : mass > 0.  L : half-width > 0 of the non-flat region.

    Returns
    -------
    float, in units of :math:`\hbar v_F/\Delta \cdot \Delta` (i.e. length with :math:`\hbar = v_F = 1`).
    Accuracy: DOP853 with rtol 1e-11; agreement with :math:`-(v_R-v_L)/(2\Delta)` is below 1e-9 for smooth
    and for sharp steps (tested; target 1e-7).
    """
    Delta = float(positive("Delta", Delta))
    L = float(positive("L", L))
    eps = float(finite("eps", eps))
    _check_no_turning_point(U, eps, Delta, L)
    st = solve_stationary(U, eps, 0.0, Delta=Delta, L=L, x=np.array([0.0]), derivative=True)
    y_in, y_out = asymptotic_positions(st)
    return float(y_out[0] - y_in[0])


@dataclass
class ExactTrajectory:
    r"""Exact :math:`p_y \to 0` ray on a grid: centroid ``y`` (Eq.-6 gauge, absolute), velocity field
    ``v_x``, ``v_y`` (:math:`\langle\sigma\rangle = \psi^\dagger\sigma\psi/\psi^\dagger\psi`), density ``rho``
    (:math:`\psi^\dagger\psi`, flux normalised: :math:`\psi^\dagger\sigma_x\psi \to 1` incident), ``psi`` (n_x, 2),
    ``reflection`` :math:`|r|`, and ``side_jump`` :math:`y_{out}-y_{in}` of the narrow ray from the same
    solve (transmission phase and spinor terms, as in :func:`ray_side_jump`; the jump does not depend
    on the spinor gauge, which shifts :math:`y_{in}` and :math:`y_{out}` alike)."""

    x: np.ndarray
    y: np.ndarray
    v_x: np.ndarray
    v_y: np.ndarray
    rho: np.ndarray
    psi: np.ndarray
    reflection: float
    side_jump: float


def exact_trajectory(U, eps, x, *, Delta, L) -> ExactTrajectory:
    r"""Centroid y(x) of the exact narrow ray and the exact velocity field of the :math:`p_y = 0` state.

    The state is normalised to unit incident flux (like Eq. 17). y(x) is computed in the gauge of Eq. (6)
    (spinors :math:`e^{i\theta\sigma_x/2}u(\sqrt{\Delta^2+p_y^2},0)`), so it is directly comparable with the
    absolute values of Eq. (22). Same input rules as :func:`ray_side_jump`.
    """
    Delta = float(positive("Delta", Delta))
    L = float(positive("L", L))
    eps = float(finite("eps", eps))
    _check_no_turning_point(U, eps, Delta, L)
    st = solve_stationary(U, eps, 0.0, Delta=Delta, L=L, x=x, derivative=True, gauge="eq6")
    psi = st.psi[0]
    vL = st.k_L[0] / (eps - float(U(np.array([-L]))[0]))
    psi = psi / np.sqrt(vL)
    rho = np.einsum("xi,xi->x", psi.conj(), psi).real
    jx = np.einsum("xi,ij,xj->x", psi.conj(), SX, psi).real
    jy = np.einsum("xi,ij,xj->x", psi.conj(), SY, psi).real
    y_in, y_out = asymptotic_positions(st)
    return ExactTrajectory(x=st.x, y=transverse_position(st)[0], v_x=jx / rho, v_y=jy / rho, rho=rho, psi=psi,
                           reflection=float(abs(st.r[0])), side_jump=float(y_out[0] - y_in[0]))


def phi_pm(E, Delta):
    r"""Flat-potential eigenvectors :math:`\phi_\pm` of Eq. (48) (real, arrays (n, 2)) for E = ε − U > Δ."""
    E = np.asarray(E, float)
    s = np.sqrt(2 * E)
    cp, cm = np.sqrt(E + Delta), np.sqrt(E - Delta)
    return np.stack([cp, cm], -1) / s[..., None], np.stack([cm, -cp], -1) / s[..., None]


def appD_exact_coefficients(U, eps, x, *, Delta, L):
    r"""a(x), b(x) of Eq. (47) extracted from the exact :math:`p_y=0` scattering state.

    :math:`\psi = e^{iS(x)}[a\phi_+ + b\phi_-]` with :math:`S = -p_L L + \int_{-L}^x p`, the state normalised to unit
    incident flux, so that :math:`a \to \sqrt{E_L/p_L}` (Eq. 51) and :math:`b \to 0` far left (up to the reflected
    wave). ``x`` sorted, inside [-L, L]. Returns (a, b) complex arrays.
    """
    Delta = float(positive("Delta", Delta))
    x = finite("x", x)
    if x[0] < -L or x[-1] > L:
        raise ValueError("x must lie inside [-L, L]")
    _check_no_turning_point(U, eps, Delta, L)
    st = solve_stationary(U, eps, 0.0, Delta=Delta, L=L, x=x)
    E_L = eps - float(U(np.array([-L]))[0])
    pL = np.sqrt(E_L**2 - Delta**2)
    psi = st.psi[0] * np.sqrt(E_L / pL)
    S = -pL * L + phase_integral(U, eps, x, Delta=Delta, x0=-L)
    fp, fm = phi_pm(eps - U(x), Delta)
    ph = np.exp(-1j * S)
    return np.einsum("xi,xi->x", fp, psi) * ph, np.einsum("xi,xi->x", fm, psi) * ph


def integrate_eq49(U, eps, x, a0, b0, *, Delta, dU=None, signs=(+1, +1), rtol=1e-11, atol=1e-13):
    r"""Integrate the system (49) for (a, b) from x[0] with a(x[0]) = a0, b(x[0]) = b0; returns (a, b) on x.

    The system as printed: :math:`-ia' + i c b + 2\Delta b = 0`,
    :math:`-ib' - i c a + 2pb = 0`, :math:`c = U'\Delta/(2p\sqrt{\Delta^2+p^2})`. ``signs`` multiplies the two
    :math:`c`-terms (default: the paper's signs), for demonstrating that a flipped sign fails.
    """
    Delta = float(positive("Delta", Delta))
    dUf = dU if dU is not None else (lambda z: derivative(U, z))
    s1, s2 = signs

    def rhs(xx, y):
        xa = np.array([xx])
        p = local_momentum(U(xa), eps, Delta)[0]
        c = dUf(xa)[0] * Delta / (2 * p * np.sqrt(Delta**2 + p**2))
        a, b = y
        # -i a' + i s1 c b + 2 Delta b = 0  ->  a' = s1 c b - 2 i Delta b
        # -i b' - i s2 c a + 2 p b = 0      ->  b' = -s2 c a - 2 i p b
        return [s1 * c * b - 2j * Delta * b, -s2 * c * a - 2j * p * b]

    sol = solve_ivp(rhs, (x[0], x[-1]), np.array([a0, b0], complex), method="DOP853", t_eval=x,
                    rtol=rtol, atol=atol)
    return sol.y[0], sol.y[1]


# ---------------------------------------------------------------------------------------------------------
# The ray of Eq. (19), built explicitly from exact states
# ---------------------------------------------------------------------------------------------------------

def smooth_box_envelope(W, s):
    r"""Envelope :math:`g(y) = \frac12[\tanh((y+W)/s) - \tanh((y-W)/s)]` (flat, width 2W, edges of width s) and
    its exact transform :math:`f(k) = \frac{1}{2\pi}\int g e^{-iky}dy = \frac{s}{2}\frac{\sin kW}{\sinh(\pi ks/2)}`
    (so that :math:`g = \int f(k)e^{iky}dk`, Eq. 20). Returns (f, g, dg) vectorised callables."""
    W, s = float(positive("W", W)), float(positive("s", s))

    def f(k):
        k = np.asarray(k, float)
        small = np.abs(k) < 1e-12
        ks = np.where(small, 1.0, k)
        return np.where(small, W / np.pi, 0.5 * s * np.sin(ks * W) / np.sinh(np.pi * ks * s / 2))

    def g(y):
        y = np.asarray(y, float)
        return 0.5 * (np.tanh((y + W) / s) - np.tanh((y - W) / s))

    def dg(y):
        y = np.asarray(y, float)
        return 0.5 / s * (1 / np.cosh((y + W) / s) ** 2 - 1 / np.cosh((y - W) / s) ** 2)

    return f, g, dg


@dataclass
class Ray:
    r"""Ray :math:`\Psi(x,y)` of Eq. (19) on a grid (arrays (n_x, n_y)), flux-normalised like Eq. (17).

    ``rho`` = :math:`\Psi^\dagger\Psi`, ``j_x``, ``j_y`` = :math:`\Psi^\dagger\sigma_{x,y}\Psi`, ``div_j`` (from the exact
    x- and y-derivatives), ``centroid`` (n_x) = :math:`\int y\rho\,dy/\int\rho\,dy`, ``norm`` (n_x) =
    :math:`\int\rho\,dy`, ``p_y`` nodes and weights used, ``reflection_max``.
    """

    x: np.ndarray
    y: np.ndarray
    rho: np.ndarray
    j_x: np.ndarray
    j_y: np.ndarray
    div_j: np.ndarray
    div_scale: float
    centroid: np.ndarray
    norm: np.ndarray
    p_y: np.ndarray
    weights: np.ndarray
    reflection_max: float


def build_ray(U, eps, *, Delta, L, x, y, f, k_max, n_k, gauge="eq6"):
    r"""Build :math:`\Psi(x,y) = \int f(p_y)\psi_{p_y}(x)e^{ip_yy}dp_y` (Eq. 19) from exact states and measure it.

    Quadrature: trapezoid on ``n_k`` equally spaced nodes in :math:`[-k_{max}, k_{max}]` (spectrally accurate
    for f decaying to negligible values at :math:`k_{max}`; it makes :math:`\Psi` periodic in y with period
    :math:`2\pi/dk`, which must exceed the y-extent of the ray). Every :math:`\psi_{p_y}` is the exact scattering
    state with unit incident amplitude, divided by :math:`\sqrt{v_L}` (flux normalisation of Eq. 17).
    :math:`k_{max}` must keep every :math:`p_y` propagating: :math:`k_{max} < \min_x p(x)`.
    """
    Delta = float(positive("Delta", Delta))
    x, y = finite("x", x), finite("y", y)
    xs, Ux = _check_no_turning_point(U, eps, Delta, L)
    pmin = float(local_momentum(Ux, eps, Delta).min())
    if not 0 < k_max < pmin:
        raise ValueError(f"k_max must satisfy 0 < k_max < min p(x) = {pmin:.6g} (all p_y propagating)")
    k = np.linspace(-k_max, k_max, int(n_k))
    dk = k[1] - k[0]
    if 2 * np.pi / dk < np.ptp(y):
        raise ValueError("n_k too small: the y-period 2 pi/dk of the quadrature is shorter than the y-window")
    w = np.full(k.size, dk)
    w[0] = w[-1] = dk / 2
    st = solve_stationary(U, eps, k, Delta=Delta, L=L, x=x, gauge=gauge)
    vL = np.sqrt((eps - Ux[0]) ** 2 - Delta**2) / (eps - Ux[0])
    c = (w * f(k)) / np.sqrt(vL)
    ey = np.exp(1j * np.outer(k, y))                                  # (n_k, n_y)
    Psi = np.einsum("k,kxi,ky->xyi", c, st.psi, ey)
    dPx = np.einsum("k,kxi,ky->xyi", c, st.dpsi_dx, ey)
    dPy = np.einsum("k,kxi,ky->xyi", c * 1j * k, st.psi, ey)
    rho = np.einsum("xyi,xyi->xy", Psi.conj(), Psi).real
    jx = np.einsum("xyi,ij,xyj->xy", Psi.conj(), SX, Psi).real
    jy = np.einsum("xyi,ij,xyj->xy", Psi.conj(), SY, Psi).real
    div = 2 * (np.einsum("xyi,ij,xyj->xy", Psi.conj(), SX, dPx).real
               + np.einsum("xyi,ij,xyj->xy", Psi.conj(), SY, dPy).real)
    scale = float(np.abs(2 * np.einsum("xyi,ij,xyj->xy", Psi.conj(), SX, dPx).real).max())
    wy = np.gradient(y)  # trapezoid-like weights on a uniform grid
    wy[0] /= 2
    wy[-1] /= 2
    norm = rho @ wy
    cen = (rho * y[None, :]) @ wy / norm
    return Ray(x=x, y=y, rho=rho, j_x=jx, j_y=jy, div_j=div, div_scale=scale, centroid=cen, norm=norm, p_y=k,
               weights=w, reflection_max=float(np.abs(st.r).max()))


def gaussian_ray_centroid(U, eps, x, *, Delta, L, sigma_k, n_sigma=7.0, n_k=61, y_half=None, n_y=2001,
                          gauge="eq6"):
    r"""Centroid y(x) of a narrow Gaussian ray, :math:`f = e^{-p_y^2/(2\sigma_k^2)}`, measured on the built ray.

    The ray (Eq. 19) is built with :func:`build_ray` on [-``n_sigma`` σ, ``n_sigma`` σ] and its density integrated
    over a y-window of half-width ``y_half`` (default 12/σ). Returns (centroid (n_x), Ray). The centroid tends to
    the :math:`p_y \to 0` value with corrections of order :math:`\sigma_k^2`.
    """
    sigma_k = float(positive("sigma_k", sigma_k))
    y_half = 12.0 / sigma_k if y_half is None else y_half
    y = np.linspace(-y_half, y_half, n_y)
    ray = build_ray(U, eps, Delta=Delta, L=L, x=x, y=y, f=lambda k: np.exp(-k**2 / (2 * sigma_k**2)),
                    k_max=n_sigma * sigma_k, n_k=n_k, gauge=gauge)
    return ray.centroid, ray


def grid_derivative(values, h):
    r"""First derivative of samples on a uniform grid of spacing h by the 5-point central stencil
    (error :math:`\sim h^4 f^{(5)}/30`); returns the interior points (the two points at each end dropped)."""
    f = np.asarray(values)
    return (f[:-4] - 8 * f[1:-3] + 8 * f[3:-1] - f[4:]) / (12 * float(h))
