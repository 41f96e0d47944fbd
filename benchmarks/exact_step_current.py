"""Benchmark of ahe_lib.exact_step_current (not a test; run by hand, ~2-4 minutes on 2 cores).

    .venv/bin/python benchmarks/exact_step_current.py [--quick]

For each step shape and both step heights (U_R - U_L = 1 < 2 Delta and 3 > 2 Delta) it prints the
largest deviation from the closed form ahe_lib.total_current_thermal (Eqs. 12/27 averaged over the
Fermi window) over a sweep of 9 Fermi energies covering all five regimes, at T = 0.05 Delta, and the
wall time of the sweep. Two baselines on the tanh step:

* naive: the same solver with a central-difference p_x (fermion doubling) on the same grid;
* straightforward: dense complex diagonalisation of H(Delta, +p_y) and H(Delta, -p_y) separately
  (ahe_lib.exact_solver.hamiltonian_matrix), with box, grid and p_y nodes tuned to 1e-8.

Both are timed in the same run as the fast solver; the ratio of wall times is the figure that counts
(the machine is shared and noisy). Units: energies in Delta, currents in e/h, times in seconds.

``--threads`` times instead one default sweep (tanh step, U_R - U_L = 3) with 1 and 2 BLAS threads
(threadpoolctl), and one diagonalisation of the mirror-symmetric box by its two parity blocks
against the full 2N x 2N real matrix: the measurements behind ``single_thread_blas`` and the parity
split of ``ahe_lib.exact_solver.mass_frame_eigh``.
"""

import sys
import time

import numpy as np

from ahe_lib.exact_current import exact_step_current, overshoot_step, ramp_step, tanh_step
from ahe_lib.report import table
from ahe_lib.step_current import total_current_thermal

T = 0.05
SHAPES = {
    "tanh (w = 1)": lambda uL, uR: (lambda s: tanh_step(s, uL, uR, 1.0)),
    "steep tanh (w = 0.25)": lambda uL, uR: (lambda s: tanh_step(s, uL, uR, 0.25)),
    "ramp with kinks (a = 3)": lambda uL, uR: (lambda s: ramp_step(s, uL, uR, 3.0)),
    "overshoot (+80 %)": lambda uL, uR: (lambda s: overshoot_step(s, uL, uR)),
}
STEPS = [(-0.4, 0.6), (-1.0, 2.0)]
#: parameters of the straightforward baseline that reach 1e-8 on the tanh step (checked below)
TUNED = dict(L=96.0, n_py=90, k_factor=1.5, edge_width=4.0)


def timed(f, *a, **k):
    t0 = time.perf_counter()
    out = f(*a, **k)
    return out, time.perf_counter() - t0


def main(quick=False):
    rows = []
    shapes = dict(list(SHAPES.items())[:1]) if quick else SHAPES
    for uL, uR in STEPS:
        eF = np.linspace(uL - 2.0, uR + 2.0, 9)
        ref = total_current_thermal(eF, uL, uR, 1.0, T)
        for name, make in shapes.items():
            (J, sw), t = timed(exact_step_current, make(uL, uR), eF, Delta=1.0, U_L=uL, U_R=uR, T=T, return_sweep=True)
            rows.append([f"{uR - uL:.0f}", name, "fast (default)", sw.timing["N"], sw.timing["nodes"], np.max(np.abs(J - ref)), t])
            if name.startswith("tanh"):
                J, t = timed(exact_step_current, make(uL, uR), eF, Delta=1.0, U_L=uL, U_R=uR, T=T, solver="fd")
                rows.append([f"{uR - uL:.0f}", name, "naive FD (doubler)", sw.timing["N"], sw.timing["nodes"], np.max(np.abs(J - ref)), t])
                (J, s2), t = timed(exact_step_current, make(uL, uR), eF, Delta=1.0, U_L=uL, U_R=uR, T=T, solver="mass",
                                   return_sweep=True, **TUNED)
                rows.append([f"{uR - uL:.0f}", name, "fast, tuned to 1e-8", s2.timing["N"], s2.timing["nodes"], np.max(np.abs(J - ref)), t])
                t_fast = rows[-3][-1]
                J, t = timed(exact_step_current, make(uL, uR), eF, Delta=1.0, U_L=uL, U_R=uR, T=T, solver="direct", **TUNED)
                rows.append([f"{uR - uL:.0f}", name, "straightforward (1e-8)", s2.timing["N"], s2.timing["nodes"], np.max(np.abs(J - ref)), t])
                print(f"U_R-U_L = {uR - uL:.0f}: straightforward / fast wall time = {t / t_fast:.1f}", flush=True)
            print(table(["dU", "shape", "method", "N", "p_y nodes", "max |J - J_ref|", "time [s]"], rows[-1:],
                        [".6f", ".6f", ".6f", "d", "d", ".1e", ".2f"]).splitlines()[-1], flush=True)
    print()
    print(f"T = {T} Delta, 9 Fermi energies per sweep, energies in Delta, J in e/h")
    print(table(["dU", "shape", "method", "N", "p_y nodes", "max |J - J_ref|", "time [s]"], rows,
                [".6f", ".6f", ".6f", "d", "d", ".1e", ".2f"]))


def threads():
    from threadpoolctl import threadpool_limits

    from ahe_lib.exact_current import _prepare, _sweep, box_potential
    from ahe_lib.exact_solver import derivative_matrix, mass_frame_eigh, mass_frame_matrix

    uL, uR = -1.0, 2.0
    U = SHAPES["tanh (w = 1)"](uL, uR)
    eF = np.linspace(uL - 2.0, uR + 2.0, 9)
    g = _prepare(U, eF, Delta=1.0, U_L=uL, U_R=uR, T=T, L=80.0, N=None, n_py=None, eps_min=None, w_min=None,
                 k_factor=1.3)
    rows = []
    for n in (1, 2):
        with threadpool_limits(n, user_api="blas"):
            _, t = timed(_sweep, g["U_x"], L=g["L"], Delta=1.0, e_lo=g["e_lo"], e_hi=g["e_hi"], n_py=g["n_py"])
        rows.append([f"sweep, {n} BLAS thread(s)", g["x"].size, t])
    N = g["x"].size
    D = derivative_matrix(N, g["L"])
    with threadpool_limits(1, user_api="blas"):
        for name, f in [("parity blocks (2 x N x N)", lambda: mass_frame_eigh(g["U_x"], 1.3, D, g["L"] / N, (-9, 9))),
                        ("full matrix (2N x 2N)", lambda: np.linalg.eigh(mass_frame_matrix(g["U_x"], 1.3, D)))]:
            ts = [timed(f)[1] for _ in range(5)]
            rows.append([f"one diagonalisation, {name}", N, min(ts)])
    print(table(["case", "N", "time [s]"], rows, [".6f", "d", ".3f"]))


if __name__ == "__main__":
    if "--threads" in sys.argv:
        threads()
    else:
        main(quick="--quick" in sys.argv)
