r"""Exact eigenstates of the 1D Dirac Hamiltonian H(Delta, p_y), Eq. (2), in a periodic box.

:math:`H = v_F(\sigma_x p_x + \sigma_y p_y) + \Delta\sigma_z + U(x)` at fixed
conserved :math:`p_y`, discretised on an odd number ``N`` of equally spaced
points of a periodic box of length ``L``. The momentum :math:`p_x` is the
Fourier-spectral operator: it is diagonal in the discrete Fourier basis with
eigenvalues :math:`k_n = 2\pi n/L`, :math:`|n| \le (N-1)/2`. Every :math:`k_n`
appears once, so the bulk dispersion is :math:`\pm\sqrt{\Delta^2 + v_F^2(k_n^2 + p_y^2)}`
exactly for all resolved momenta: there is no second Dirac cone at the zone
boundary (no fermion doubling, unlike a nearest-neighbour difference for
:math:`p_x`, whose :math:`\sin(k\,dx)/dx` vanishes again at :math:`k = \pi/dx`).
An odd ``N`` avoids the unpaired Nyquist mode.

A periodic box cannot hold a single step; the potential supplied by the caller
must be periodic (e.g. an up-step and a down-step far apart). Dense
diagonalisation (``numpy.linalg.eigh``, with one BLAS thread) is used: this module serves the
identity checks of Sec. II on small grids, not production sweeps.

Units: :math:`\hbar = v_F = 1`; lengths in the units of ``x``, energies in
inverse length units. Eigenvectors are returned normalised to
:math:`\int |\psi|^2 dx = 1` on the grid (:math:`\sum_j |\psi(x_j)|^2\,dx = 1`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from ._validate import finite, positive
from .pauli import PAULI



def periodic_grid(L, N):
    """N (odd) equally spaced points of the periodic box [-L/2, L/2)."""
    L = float(positive("L", L))
    if int(N) != N or N < 3 or N % 2 == 0:
        raise ValueError(f"N must be an odd integer >= 3 (odd avoids the unpaired Nyquist mode); got {N!r}")
    return -L / 2 + L * np.arange(int(N)) / int(N)


def wavenumbers(N, L):
    """Fourier wavenumbers k_n = 2 pi n / L in numpy's FFT order (N odd)."""
    return 2 * np.pi * np.fft.fftfreq(int(N), d=float(L) / int(N))


def spectral_derivative(f, L, axis=-1):
    """d f / dx of periodic samples f (along ``axis``) by FFT; exact for band-limited f."""
    f = np.asarray(f)
    N = f.shape[axis]
    k = wavenumbers(N, L)
    shape = [1] * f.ndim
    shape[axis] = N
    df = np.fft.ifft(1j * k.reshape(shape) * np.fft.fft(f, axis=axis), axis=axis)
    return df.real if np.isrealobj(f) else df


def momentum_matrix(N, L):
    r"""Dense Hermitian N x N matrix of :math:`p_x = -i\,d/dx` (spectral, periodic)."""
    k = wavenumbers(N, L)
    F = np.fft.fft(np.eye(int(N)), axis=0)
    P = np.fft.ifft(k[:, None] * F, axis=0)
    return 0.5 * (P + P.conj().T)


@dataclass(frozen=True)
class Eigenstates:
    """Eigenpairs of H(Delta, p_y) on a periodic grid.

    Attributes
    ----------
    x : (N,) grid;  L : box length;  Delta, p_y : parameters of H;
    energies : (M,) eigenvalues in increasing order;
    psi : (M, 2, N) spinors psi[i, s, j] = psi_i^s(x_j), with sum_j |psi|^2 dx = 1.
    """

    x: np.ndarray
    L: float
    Delta: float
    p_y: float
    U: np.ndarray
    energies: np.ndarray
    psi: np.ndarray

    def bilinear(self, which):
        r"""Local :math:`\psi_i^\dagger\sigma\psi_i(x)` for ``which`` in '0', 'x', 'y', 'z'; shape (M, N)."""
        s = PAULI[which]
        return np.real(np.einsum("isj,st,itj->ij", self.psi.conj(), s, self.psi))

    @property
    def density(self):
        r""":math:`\psi_i^\dagger\psi_i(x)`, shape (M, N)."""
        return self.bilinear("0")

    def apply_hamiltonian(self, phi):
        """H phi for spinor fields phi of shape (..., 2, N) (spectral p_x)."""
        k = wavenumbers(self.x.size, self.L)
        px = np.fft.ifft(k * np.fft.fft(phi, axis=-1), axis=-1)
        out = np.empty_like(phi, dtype=complex)
        up, dn = phi[..., 0, :], phi[..., 1, :]
        out[..., 0, :] = (self.Delta + self.U) * up + px[..., 1, :] - 1j * self.p_y * dn
        out[..., 1, :] = px[..., 0, :] + 1j * self.p_y * up + (self.U - self.Delta) * dn
        return out


def hamiltonian_matrix(x, U, Delta, p_y, L):
    """Dense 2N x 2N matrix of H(Delta, p_y) with spinor-major ordering (upper block = first component)."""
    N = x.size
    P = momentum_matrix(N, L)
    Ud = np.diag(U.astype(complex))
    off = P - 1j * p_y * np.eye(N)
    return np.block([[Ud + Delta * np.eye(N), off], [off.conj().T, Ud - Delta * np.eye(N)]])


def eigenstates(U, *, Delta, p_y=0.0, L, N, window=None):
    r"""Diagonalise H(Delta, p_y), Eq. (2), for a periodic potential on a grid of N (odd) points.

    Parameters
    ----------
    U : callable
        Vectorised periodic potential U(x) on [-L/2, L/2), energy units.
    Delta : float
        Mass, > 0.  ``p_y`` : conserved transverse momentum.
    L, N : box length and (odd) number of grid points.
    window : (float, float), optional
        Keep only eigenstates with energies in this interval. The grid must resolve
        it: the largest kinetic momentum needed, max|eps - U| over the window, must
        stay below half the grid's cut-off momentum pi N / L, else ``ValueError``.

    Returns
    -------
    Eigenstates
    """
    d = float(positive("Delta", Delta))
    p_y = float(finite("p_y", p_y))
    x = periodic_grid(L, N)
    Ux = finite("U(x)", U(x)) * np.ones_like(x)
    kmax = np.pi * N / L
    if d > 0.5 * kmax:
        raise ValueError(f"grid too coarse for the Compton length 1/Delta: need pi*N/L >= 2*Delta, i.e. N >= {int(np.ceil(2 * d * L / np.pi)) | 1}")
    if window is not None:
        lo, hi = (float(v) for v in finite("window", window))
        need = max(abs(hi - Ux.min()), abs(lo - Ux.max()), abs(hi - Ux.max()), abs(lo - Ux.min()))
        if need > 0.5 * kmax:
            raise ValueError(
                f"grid too coarse for the energy window {window}: the states need |p| up to {need:.3g} "
                f"but the grid resolves |p| < pi*N/L = {kmax:.3g} reliably only below half of it; "
                f"increase N to at least {int(np.ceil(2 * need * L / np.pi)) | 1}"
            )
    H = hamiltonian_matrix(x, Ux, d, p_y, float(L))
    # one BLAS thread: on the shared 2-core machine a 562 x 562 complex eigh took 0.6 s with one
    # thread and 10 s with two (oversubscription); the result does not depend on it
    with threadpool_limits(1, user_api="blas"):
        w, v = np.linalg.eigh(H)
    if window is not None:
        keep = (w >= lo) & (w <= hi)
        w, v = w[keep], v[:, keep]
    dx = float(L) / N
    psi = v.T.reshape(w.size, 2, N) / np.sqrt(dx)
    return Eigenstates(x=x, L=float(L), Delta=d, p_y=p_y, U=Ux, energies=w, psi=psi)


def smooth_well(x, *, U_L, U_R, L, width, width_down=None):
    r"""A periodic potential holding one up-step (at -L/4) and one down-step (at +L/4).

    :math:`U = U_L + (U_R - U_L)\,\tfrac12[\tanh((x+L/4)/w) - \tanh((x-L/4)/w')]`, so
    U -> U_L near x = ±L/2 and U -> U_R near x = 0. Widths w = ``width`` and
    w' = ``width_down`` (default w) in length units; w' != w removes the mirror symmetry
    and with it most accidental degeneracies.
    """
    wd = width if width_down is None else width_down
    s = 0.5 * (np.tanh((x + L / 4) / width) - np.tanh((x - L / 4) / wd))
    return U_L + (U_R - U_L) * s


# ---------------------------------------------------------------------------
# The one-parameter mass family of Eq. (6): a real symmetric form for production sweeps
# ---------------------------------------------------------------------------

def derivative_matrix(N, L):
    r"""Dense real antisymmetric N x N matrix of :math:`d/dx` (Fourier-spectral, periodic, N odd).

    :math:`D_{jk} = (\pi/L)\,(-1)^{j-k}/\sin(\pi(j-k)/N)` for :math:`j\ne k`, zero on the
    diagonal; :math:`D = i\,p_x` with :math:`p_x` of :func:`momentum_matrix`. Its eigenvalues
    are :math:`i k_n`, each Fourier wavenumber once, so it has no doubler.
    """
    N = int(N)
    L = float(positive("L", L))
    if N < 3 or N % 2 == 0:
        raise ValueError(f"N must be an odd integer >= 3; got {N!r}")
    d = np.arange(N)[:, None] - np.arange(N)[None, :]
    with np.errstate(divide="ignore"):
        D = (np.pi / L) * np.where(d % 2 == 0, 1.0, -1.0) / np.sin(np.pi * d / N)
    D[d == 0] = 0.0
    return D


def mass_frame_matrix(U_x, m, D):
    r"""Real symmetric 2N x 2N form of :math:`H(m, 0) = \sigma_x p_x + m\sigma_z + U(x)`.

    Writing :math:`\psi = (a, -i c)` with real amplitudes :math:`a, c` turns
    :math:`H(m,0)\psi = \varepsilon\psi` into :math:`\begin{pmatrix} m+U & -D\\ D & U-m\end{pmatrix}
    \begin{pmatrix}a\\c\end{pmatrix} = \varepsilon\begin{pmatrix}a\\c\end{pmatrix}`
    with the real antisymmetric :math:`D = d/dx` of :func:`derivative_matrix`. In these
    variables :math:`\psi^\dagger\psi = a^2 + c^2`, :math:`\psi^\dagger\sigma_y\psi = -2ac`,
    :math:`\psi^\dagger\sigma_z\psi = a^2 - c^2`. A real symmetric eigenproblem costs about
    a third of the complex Hermitian one of :func:`hamiltonian_matrix`.
    """
    N = D.shape[0]
    H = np.empty((2 * N, 2 * N))
    H[:N, :N] = 0.0
    H[N:, N:] = 0.0
    idx = np.arange(N)
    H[idx, idx] = U_x + m
    H[N + idx, N + idx] = U_x - m
    H[:N, N:] = -D
    H[N:, :N] = D
    return H


def _is_mirror_symmetric(U_x, D):
    """True if U(x) = U(-x) on the periodic grid (index j <-> N-j) and D is odd under that reflection."""
    N = U_x.size
    r = (-np.arange(N)) % N
    scale = max(1.0, float(np.max(np.abs(U_x))))
    return bool(np.max(np.abs(U_x - U_x[r])) <= 1e-12 * scale
                and np.max(np.abs(D[0] + D[0, r])) <= 1e-12 * max(1.0, float(np.max(np.abs(D[0])))))


def _parity_blocks(U_x, m, D):
    r"""The two N x N blocks of :func:`mass_frame_matrix` for a mirror-symmetric box.

    With :math:`U(-x)=U(x)` the parity :math:`\Pi=\sigma_z P` (:math:`P: x\to-x`) commutes with
    :math:`H(m,0)`; in the real variables it maps :math:`(a(x), c(x))\to(a(-x), -c(-x))`. Sector
    ``"ae"``: :math:`a` even, :math:`c` odd; sector ``"ao"``: :math:`a` odd, :math:`c` even. Even basis
    :math:`e_0, (e_p+e_{N-p})/\sqrt2`; odd basis :math:`(e_p-e_{N-p})/\sqrt2`, :math:`p=1..n`, :math:`n=(N-1)/2`.
    Returns ``(H_ae, H_ao, Deo)`` with ``Deo`` :math:`=B_e^T D B_o`.
    """
    N = U_x.size
    n = (N - 1) // 2
    p = np.arange(1, n + 1)
    Deo = np.empty((n + 1, n))
    Deo[0] = np.sqrt(2.0) * D[0, p]
    Deo[1:] = D[np.ix_(p, p)] - D[np.ix_(p, N - p)]
    Ue = np.concatenate([[U_x[0]], U_x[p]])
    Uo = U_x[p]
    H_ae = np.zeros((N, N))
    H_ae[: n + 1, : n + 1][np.diag_indices(n + 1)] = Ue + m
    H_ae[n + 1:, n + 1:][np.diag_indices(n)] = Uo - m
    H_ae[: n + 1, n + 1:] = -Deo
    H_ae[n + 1:, : n + 1] = -Deo.T
    H_ao = np.zeros((N, N))
    H_ao[:n, :n][np.diag_indices(n)] = Uo + m
    H_ao[n:, n:][np.diag_indices(n + 1)] = Ue - m
    H_ao[:n, n:] = Deo.T
    H_ao[n:, :n] = Deo
    return H_ae, H_ao


def _unfold(y, parity):
    """Grid values (M, N) of coefficient rows y (M, n+1 even or M, n odd) in the even/odd basis."""
    M = y.shape[0]
    if parity == "even":
        n = y.shape[1] - 1
        out = np.empty((M, 2 * n + 1))
        out[:, 0] = y[:, 0]
        out[:, 1:n + 1] = y[:, 1:] / np.sqrt(2.0)
        out[:, n + 1:] = y[:, :0:-1] / np.sqrt(2.0)
    else:
        n = y.shape[1]
        out = np.empty((M, 2 * n + 1))
        out[:, 0] = 0.0
        out[:, 1:n + 1] = y / np.sqrt(2.0)
        out[:, n + 1:] = -y[:, ::-1] / np.sqrt(2.0)
    return out


def mass_frame_eigh(U_x, m, D, dx, window):
    r"""Eigenpairs of :math:`H(m, 0)` (real form, :func:`mass_frame_matrix`) with energies in ``window``.

    Returns ``(energies, a, c)``: energies (M,), real amplitudes a, c of shape (M, N)
    normalised to :math:`\sum_j (a_j^2 + c_j^2)\,dx = 1`.
    By Eq. (6) of the paper, :math:`H(\Delta, \pm p_y)` has the same spectrum for
    :math:`m = \sqrt{\Delta^2+p_y^2}` and eigenvectors :math:`e^{\pm i\theta\sigma_x/2}\psi`,
    :math:`\tan\theta = p_y/\Delta`.

    When the box is mirror symmetric, :math:`U(-x) = U(x)` on the grid (as every box of
    :mod:`ahe_lib.exact_current` is: a step and its mirror image) and ``D`` is odd under the
    reflection, the parity :math:`\sigma_z P` is used: two real N x N problems replace one
    2N x 2N problem (a quarter of the work); the eigenpairs are the same (energies ascending) up to
    the choice of basis inside degenerate levels. Otherwise the full matrix is diagonalised.
    """
    N = D.shape[0]
    U_x = np.asarray(U_x, dtype=float)
    if N % 2 == 1 and N >= 3 and _is_mirror_symmetric(U_x, D):
        n = (N - 1) // 2
        H_ae, H_ao = _parity_blocks(U_x, m, D)
        es, As, Cs = [], [], []
        for H, (pa, pc, na) in ((H_ae, ("even", "odd", n + 1)), (H_ao, ("odd", "even", n))):
            w, v = np.linalg.eigh(H)
            keep = (w >= window[0]) & (w <= window[1])
            v = v[:, keep].T / np.sqrt(dx)
            es.append(w[keep])
            As.append(_unfold(v[:, :na], pa))
            Cs.append(_unfold(v[:, na:], pc))
        e = np.concatenate(es)
        order = np.argsort(e, kind="stable")  # ascending, as from the full matrix
        return e[order], np.concatenate(As)[order], np.concatenate(Cs)[order]
    w, v = np.linalg.eigh(mass_frame_matrix(U_x, m, D))
    keep = (w >= window[0]) & (w <= window[1])
    v = v[:, keep] / np.sqrt(dx)
    return w[keep], v[:N].T.copy(), v[N:].T.copy()


def fd_derivative_matrix(N, L):
    r"""Naive central-difference :math:`d/dx`, :math:`(f_{j+1}-f_{j-1})/2dx` (periodic).

    Its eigenvalues :math:`i\sin(k\,dx)/dx` vanish at :math:`k=0` *and* at :math:`k=\pi/dx`: a second,
    doubler Dirac cone of opposite chirality at the zone boundary. Provided only as the
    deliberately wrong baseline of the benchmark.
    """
    N = int(N)
    dx = float(positive("L", L)) / N
    D = np.zeros((N, N))
    i = np.arange(N)
    D[i, (i + 1) % N] = 0.5 / dx
    D[i, (i - 1) % N] = -0.5 / dx
    return D
