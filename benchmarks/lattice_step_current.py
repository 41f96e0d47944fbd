"""Benchmark of ahe_lib.lattice_step_current (not a test; run by hand, ~15-60 s on the shared 2 cores).

    .venv/bin/python benchmarks/lattice_step_current.py

One call with 9 Fermi energies at the default lattice constant (a = 0.08 hbar v_F/Delta), T = 0.1 Delta,
a tanh step with U_R - U_L = 3 Delta (larger than the gap), eps_F from -3 to 3 Delta (all five regimes
of Eq. (27)). Prints the wall and CPU time of the call (target: <= 30 s wall), the size of the banded
matrices, the number of k_y nodes, and the largest deviation from Eq. (27) averaged over the Fermi window
(ahe_lib.total_current_thermal) plus the constant (U_R - U_L)/2 of the Chern-number bookkeeping
(target: <= 5e-3 Delta e/h). Units: energies in Delta, currents in e/h x Delta, times in seconds.
"""

import time

import numpy as np

from ahe_lib import lattice_step_current, total_current_thermal
from ahe_lib.exact_current import tanh_step

U_L, U_R, T = -1.5, 1.5, 0.1
eF = np.linspace(-3.0, 3.0, 9)

t0, c0 = time.perf_counter(), time.process_time()
J, info = lattice_step_current(lambda s: tanh_step(s, U_L, U_R, 1.0), eF, Delta=1.0, U_L=U_L, U_R=U_R, T=T,
                               return_details=True)
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
dev = J - total_current_thermal(eF, U_L, U_R, 1.0, T) - 0.5 * (U_R - U_L)
print(f"matrix size N = {info['N']} (bandwidth 5), k_y nodes = {info['n_k']}, doubler gap = {info['doubler_gap']:.2f}")
print(f"wall time {wall:.1f} s, CPU time {cpu:.1f} s (target: wall <= 30 s)")
print("eps_F:    ", np.array2string(eF, precision=2))
print("deviation:", np.array2string(dev, precision=1, formatter={"float_kind": lambda v: f"{v:.1e}"}))
print(f"max |deviation| = {np.max(np.abs(dev)):.1e} (target <= 5e-3)")
