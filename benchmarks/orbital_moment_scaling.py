"""Deviations of the exact j_y(x) from semiclassics with the orbital moment: slope and grid.

Run by hand (about 40 s): ``python benchmarks/orbital_moment_scaling.py``. It repeats the check of
the chapter ``beyond_orbital_moment`` (U = 2 Delta sin(2 pi x/L), eps_F = 0, T = 0.1 Delta) at the
chapter's slope 0.1 and at half of it, and with a finer x grid (k_factor 1.7 instead of 1.3), and
prints the largest deviation from Eq. (orb-j) (thermal) where ||mu| - Delta| >= th, in units of
max U'/2. A ratio near 4 per halving of the slope means that the deviations relative to U' fall
like U'^2 (second-order gradient corrections), not like a fixed quantum correction.
"""

import time

import numpy as np

from ahe_lib import semiclassics as sc


def deviations(slope, k_factor=1.3, T=0.1):
    r = sc.sinusoid_exact_profile(2.0, slope, T=T, k_factor=k_factor)
    pred = sc.current_coefficient_thermal(r["mu"], 1.0, T) * r["dU"]
    dist = np.abs(np.abs(r["mu"]) - 1.0)
    dev = np.abs(r["j"] - pred) / (slope / 2)
    return {th: (dev[(dist >= th) & (np.abs(r["mu"]) < 1)].max(),
                 dev[(dist >= th) & (np.abs(r["mu"]) > 1)].max()) for th in (0.5, 0.7, 0.85)}


if __name__ == "__main__":
    runs = {}
    for slope, kf in ((0.1, 1.3), (0.1, 1.7), (0.05, 1.3)):
        t0 = time.perf_counter()
        runs[slope, kf] = deviations(slope, kf)
        print(f"slope {slope}, k_factor {kf}: {time.perf_counter() - t0:.1f} s")
    print("th    region  slope 0.1  (k 1.7)  slope 0.05  ratio")
    for th in (0.5, 0.7, 0.85):
        for i, reg in enumerate(("gap", "band")):
            a, b, c = (runs[k][th][i] for k in ((0.1, 1.3), (0.1, 1.7), (0.05, 1.3)))
            print(f"{th:4.2f}  {reg:6s}  {a:9.2e}  {b:8.2e}  {c:10.2e}  {a / c:5.2f}")
