"""Plain-text tables with fixed rounding, so that printed numbers are identical across machines."""

from __future__ import annotations

import numpy as np


def fmt(value, spec=".6f"):
    """Format one entry: floats with ``spec`` (negative zero printed as zero), everything else with str()."""
    if isinstance(value, (float, np.floating)):
        text = format(float(value), spec)
        if text.lstrip("-").strip("0.e+") == "" and text.startswith("-"):
            text = text[1:]
        return text
    return str(value)


def table(headers, rows, spec=".6f"):
    """Return an aligned text table; floats formatted with ``spec`` (e.g. '.6f', '.2e'),
    one spec for all columns or a list with one spec per column."""
    specs = [spec] * len(headers) if isinstance(spec, str) else list(spec)
    cells = [[fmt(v, sp) for v, sp in zip(row, specs)] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in cells)) if cells else len(str(h)) for i, h in enumerate(headers)]
    line = "  ".join(str(h).rjust(w) for h, w in zip(headers, widths))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in cells]
    return "\n".join(out)


def small(value, floor=1e-9, spec=".1e"):
    """Format a residual: '< floor' when it is below ``floor`` (round-off territory, which differs
    between machines), otherwise with ``spec``. Keeps printed outputs machine-independent."""
    value = float(value)
    if not np.isfinite(value):
        return str(value)
    return f"< {floor:.0e}" if abs(value) < floor else format(value, spec)


def non_increasing(values, floor=1e-9):
    """True if each value is no larger than the one before it, up to a round-off ``floor``
    (used to assert that residuals shrink as a grid is refined)."""
    values = [float(v) for v in values]
    return all(b <= max(a, floor) for a, b in zip(values, values[1:]))
