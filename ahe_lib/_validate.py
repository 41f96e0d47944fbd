"""Input checks shared by every public function of :mod:`ahe_lib`.

Bad input never produces a silent wrong number: each helper raises a
``ValueError`` whose message names the offending parameter and the range in
which it is valid.
"""

from __future__ import annotations

import numpy as np


def finite(name: str, value) -> np.ndarray:
    """Return ``value`` as a float array, or raise if any entry is NaN/inf."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:  # strings, objects, complex with imag part
        raise ValueError(f"{name} must be a real number or an array of real numbers; got {value!r}") from exc
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf); got {value!r}")
    return arr


def positive(name: str, value) -> np.ndarray:
    """Return ``value`` as a float array, or raise unless every entry is finite and > 0."""
    arr = finite(name, value)
    if np.any(arr <= 0):
        raise ValueError(f"{name} must be > 0 (valid range: 0 < {name} < inf); got {value!r}")
    return arr


def scalar_or_array(result: np.ndarray, *inputs) -> float | np.ndarray:
    """Return a Python float if every input was a scalar, else the array."""
    if all(np.ndim(v) == 0 for v in inputs):
        return float(result)
    return result
