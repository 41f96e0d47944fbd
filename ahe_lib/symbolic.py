r"""Symbolic derivations (sympy) of the algebraic steps of Sec. II: Eqs. (4)-(8), and of later sections.

Eqs. (4)-(8) are derived from the Hamiltonian Eq. (2) itself, written as a differential operator
on a generic spinor :math:`\psi = (a + ib,\ c + id)` of real functions of x, with :math:`\hbar` and
:math:`v_F` kept as symbols. Where a relation holds only for eigenstates, the eigenvalue equation
:math:`H\psi = \varepsilon\psi` is solved for :math:`\psi'` and substituted. Each function returns
"derived minus printed", simplified: zero means the printed equation follows from Eq. (2);
nothing of the printed right-hand side enters the derivation.
"""

from __future__ import annotations

import sympy as sp

sx = sp.Matrix([[0, 1], [1, 0]])
sy = sp.Matrix([[0, -sp.I], [sp.I, 0]])
sz = sp.Matrix([[1, 0], [0, -1]])
one = sp.eye(2)

Delta, p_y = sp.symbols("Delta p_y", positive=True)
_hbar, _vF = sp.symbols("hbar v_F", positive=True)
theta = sp.symbols("theta", real=True)
_eps, _u = sp.symbols("epsilon U", real=True)
_m, _tau = sp.symbols("m tau", positive=True)


def _generic_spinor():
    r"""A spinor and its x-derivative at one point: :math:`\psi = (a+ib, c+id)` with real a, b, c, d,
    and :math:`\psi' = (P_1, P_2)` with independent complex :math:`P_{1,2}`."""
    a, b, c, d = sp.symbols("a b c d", real=True)
    P1, P2 = sp.symbols("P1 P2")
    return sp.Matrix([a + sp.I * b, c + sp.I * d]), sp.Matrix([P1, P2])


def hamiltonian_on(psi, dpsi, mass, q):
    r"""Eq. (2) acting on a spinor field given by its value ``psi`` and derivative ``dpsi`` at a point:
    :math:`v_F\sigma_x(-i\hbar\psi') + v_F q\,\sigma_y\psi + m\sigma_z\psi + U\psi` (q is :math:`p_y`)."""
    return _vF * (sx * (-sp.I * _hbar * dpsi) + q * sy * psi) + mass * sz * psi + _u * psi


def _bil(left, s, right=None):
    """left^+ s right (right = left by default), expanded."""
    right = left if right is None else right
    return sp.expand((left.H * s * right)[0, 0])


def _d_bil(psi, dpsi, s):
    r""":math:`\partial_x(\psi^\dagger s\psi) = \psi'^\dagger s\psi + \psi^\dagger s\psi'`."""
    return _bil(dpsi, s, psi) + _bil(psi, s, dpsi)


def _eigen_derivative(psi, dpsi, mass, q):
    r""":math:`\psi'` solved from the eigenvalue equation :math:`H(m, q)\psi = \varepsilon\psi` of Eq. (2)."""
    sol = sp.solve(list(hamiltonian_on(psi, dpsi, mass, q) - _eps * psi), list(dpsi), dict=True)[0]
    return dpsi.subs(sol)


def _zero(expr):
    """The expanded numerator of ``expr`` over a common denominator: a polynomial in the symbols,
    identically 0 exactly when ``expr`` vanishes (the denominators here are powers of 1 + tau^2,
    m, hbar, v_F, never zero)."""
    return sp.expand(sp.numer(sp.together(sp.expand(expr))))


def _half_angle():
    r"""Rational parametrisation of Eq. (6): :math:`\cos(\theta/2) = (1-\tau^2)/(1+\tau^2)`,
    :math:`\sin(\theta/2) = 2\tau/(1+\tau^2)`, :math:`\Delta = m\cos\theta`, :math:`v_Fp_y = m\sin\theta`, so
    :math:`\Delta' = \sqrt{\Delta^2+v_F^2p_y^2} = m` and :math:`\tan\theta = v_Fp_y/\Delta`.
    Returns (C, S, Delta, p_y) as expressions in m, tau."""
    C = (1 - _tau**2) / (1 + _tau**2)
    S = 2 * _tau / (1 + _tau**2)
    return C, S, _m * (C**2 - S**2), 2 * _m * C * S / _vF


def eq3_velocity_operator():
    r"""The velocity of Eq. (3): :math:`\dot y = i[H, y]/\hbar` for Eq. (2) in 2D, minus :math:`v_F\sigma_y`.

    :math:`H` acts on a generic spinor field :math:`\psi(x, y)` with :math:`p_{x,y} = -i\hbar\partial_{x,y}`;
    returns the vector :math:`\tfrac{i}{\hbar}(H(y\psi) - yH\psi) - v_F\sigma_y\psi`, which must vanish.
    """
    X, Y = sp.symbols("x y", real=True)
    psi = sp.Matrix([sp.Function("f")(X, Y), sp.Function("g")(X, Y)])

    def H(f):
        return (_vF * (sx * (-sp.I * _hbar * f.diff(X)) + sy * (-sp.I * _hbar * f.diff(Y)))
                + Delta * sz * f + sp.Function("U")(X) * f)

    return (sp.I / _hbar * (H(Y * psi) - Y * H(psi)) - _vF * sy * psi).applyfunc(sp.expand)


def eq4_operator_identity():
    r"""Eq. (4) as an operator identity, for any (not necessarily stationary) spinor field.

    :math:`\partial_t(\psi^\dagger\sigma_x\psi) = \tfrac{i}{\hbar}[(H\psi)^\dagger\sigma_x\psi - \psi^\dagger\sigma_x H\psi]`
    (from :math:`i\hbar\partial_t\psi = H\psi`) is computed with the differential operator of Eq. (2)
    for arbitrary :math:`\psi, \psi'`; returns it minus the printed right side
    :math:`\tfrac{i}{\hbar}\psi^\dagger[H,\sigma_x]\psi - v_F\partial_x(\psi^\dagger\psi)`, the commutator
    taken as the operator product :math:`\psi^\dagger(H\sigma_x - \sigma_xH)\psi`. Zero: Eq. (4) holds.
    """
    psi, dpsi = _generic_spinor()
    Hpsi = hamiltonian_on(psi, dpsi, Delta, p_y)
    Hsxpsi = hamiltonian_on(sx * psi, sx * dpsi, Delta, p_y)
    dt = sp.I / _hbar * (_bil(Hpsi, sx, psi) - _bil(psi, sx, Hpsi))
    comm = sp.I / _hbar * (_bil(psi, one, Hsxpsi) - _bil(psi, sx, Hpsi))
    return _zero(dt - (comm - _vF * _d_bil(psi, dpsi, one)))


def eq5_from_eq4():
    r"""Eq. (5) on a generic eigenstate of Eq. (2): derived minus printed, which must vanish.

    With :math:`\psi'` eliminated by :math:`H(\Delta, p_y)\psi = \varepsilon\psi` (the stationarity that
    turns Eq. (4) into Eq. (5)), returns
    :math:`\Delta\,\psi^\dagger\sigma_y\psi - v_Fp_y\,\psi^\dagger\sigma_z\psi + \tfrac{\hbar v_F}{2}\partial_x(\psi^\dagger\psi)`.
    """
    psi, dpsi = _generic_spinor()
    dpsi = _eigen_derivative(psi, dpsi, Delta, p_y)
    expr = Delta * _bil(psi, sy) - _vF * p_y * _bil(psi, sz) + _hbar * _vF / 2 * _d_bil(psi, dpsi, one)
    return _zero(expr)


def rotation(angle):
    r""":math:`e^{i\,\mathrm{angle}\,\sigma_x/2}` as an explicit 2x2 matrix."""
    return sp.cos(angle / 2) * one + sp.I * sp.sin(angle / 2) * sx


def eq6_mass_term():
    r"""Eq. (6): :math:`R\,\Delta'\sigma_z R^\dagger - (\Delta\sigma_z + v_Fp_y\sigma_y)` with :math:`R = e^{i\theta\sigma_x/2}`,
    :math:`\Delta' = \sqrt{\Delta^2+v_F^2p_y^2}`, :math:`\tan\theta = v_Fp_y/\Delta` (rational half-angle form,
    :func:`_half_angle`); also checks that R commutes with :math:`\sigma_x` (so it leaves
    :math:`\sigma_x p_x + U` untouched). Returns (difference, commutator)."""
    C, S, D, q = _half_angle()
    R = C * one + sp.I * S * sx
    diff = (R * (_m * sz) * R.H - (D * sz + _vF * q * sy)).applyfunc(_zero)
    comm = (R * sx - sx * R).applyfunc(_zero)
    return diff, comm


def eq6_eigenstate_residual(sign=+1):
    r"""Eq. (6) on states: :math:`(H(\Delta, \pm p_y) - \varepsilon)\,e^{\pm i\theta\sigma_x/2}\psi'` for a generic
    eigenstate :math:`\psi'` of :math:`H(\sqrt{\Delta^2+v_F^2p_y^2}, 0)` (its derivative eliminated).

    ``sign=+1`` is the printed pairing (zero vectors); ``sign=-1`` rotates the wrong way
    (:math:`e^{\mp i\theta\sigma_x/2}`), which must not vanish. Returns the residual vectors (+p_y, -p_y).
    """
    psi, dpsi = _generic_spinor()
    C, S, D, q = _half_angle()
    dpsi = _eigen_derivative(psi, dpsi, _m, 0)
    out = []
    for s_ in (+1, -1):
        R = C * one + sp.I * sign * s_ * S * sx
        r = hamiltonian_on(R * psi, R * dpsi, D, s_ * q) - _eps * R * psi
        out.append(r.applyfunc(_zero))
    return tuple(out)


def eq7_from_eq6():
    r"""Eq. (7) for :math:`\psi_\pm = e^{\pm i\theta\sigma_x/2}\psi'`: both sides as quadratic forms in :math:`\psi'`.

    Returns the matrix :math:`R_+^\dagger(\Delta\sigma_z + v_Fp_y\sigma_y)R_+ - R_-^\dagger(\Delta\sigma_z - v_Fp_y\sigma_y)R_-`
    (rational half-angle form, :func:`_half_angle`), which must vanish for every :math:`\psi'`.
    """
    C, S, D, q = _half_angle()
    Rp, Rm = C * one + sp.I * S * sx, C * one - sp.I * S * sx
    lhs = Rp.H * (D * sz + _vF * q * sy) * Rp
    rhs = Rm.H * (D * sz - _vF * q * sy) * Rm
    return (lhs - rhs).applyfunc(_zero)


def eq8_on_eigenstates(paired=True):
    r"""Eq. (8) from Eqs. (2) and (6) alone: derived minus printed, for a generic eigenstate.

    :math:`\psi_\pm = e^{\pm i\theta\sigma_x/2}\psi'` with :math:`\psi'` a generic eigenstate of
    :math:`H(\Delta', 0)` (its derivative eliminated by the eigenvalue equation); returns
    :math:`\psi_+^\dagger\sigma_y\psi_+ + \psi_-^\dagger\sigma_y\psi_- + \Delta\hbar v_F\,\partial_x(\psi_+^\dagger\psi_+ + \psi_-^\dagger\psi_-)/(2(\Delta^2+v_F^2p_y^2))`.
    With ``paired=False`` the same relation for :math:`\psi_+` alone (no partner), which does not vanish.
    """
    psi, dpsi = _generic_spinor()
    C, S, D, q = _half_angle()
    dpsi = _eigen_derivative(psi, dpsi, _m, 0)
    rots = [C * one + sp.I * S * sx, C * one - sp.I * S * sx][: 2 if paired else 1]
    Y = sum(_bil(R * psi, sy) for R in rots)
    drho = sum(_d_bil(R * psi, R * dpsi, one) for R in rots)
    return _zero(Y + D * _hbar * _vF * drho / (2 * (D**2 + _vF**2 * q**2)))


def eq8_from_eq5_eq7():
    r"""Eq. (8) by elimination: solve Eq. (5) for :math:`\psi_\pm` and Eq. (7) for the :math:`\sigma_z` densities.

    Unknowns: :math:`Y_\pm = \psi_\pm^\dagger\sigma_y\psi_\pm`, :math:`Z_\pm = \psi_\pm^\dagger\sigma_z\psi_\pm`, with
    :math:`D_\pm = \partial_x\psi_\pm^\dagger\psi_\pm` given. Eq. (5) at :math:`\pm p_y`:
    :math:`\Delta Y_\pm \mp v_Fp_y Z_\pm = -\hbar v_F D_\pm/2`; Eq. (7):
    :math:`\Delta Z_+ + v_Fp_yY_+ = \Delta Z_- - v_Fp_yY_-`. Three equations for four unknowns
    determine :math:`Y_+ + Y_-`; returns ``(derived Y_+ + Y_-, derived minus the paper's right-hand side)``.
    """
    Yp, Ym, Zp, Zm, Dp, Dm = sp.symbols("Y_p Y_m Z_p Z_m D_p D_m")
    q = _vF * p_y
    eqs = [
        sp.Eq(Delta * Yp - q * Zp, -_hbar * _vF * Dp / 2),
        sp.Eq(Delta * Ym + q * Zm, -_hbar * _vF * Dm / 2),
        sp.Eq(Delta * Zp + q * Yp, Delta * Zm - q * Ym),
    ]
    sol = sp.solve(eqs, [Ym, Zp, Zm], dict=True)[0]
    total = sp.simplify(Yp + sol[Ym])
    paper = -Delta * _hbar * _vF * (Dp + Dm) / (2 * (Delta**2 + _vF**2 * p_y**2))
    return total, sp.simplify(total - paper)


# ---------------------------------------------------------------------------------------------------------
# Sec. IV and Apps. D, E: Eqs. (18), (22), (23), (49)-(51), (53), (55), (57)-(62), (64)-(66)
# ---------------------------------------------------------------------------------------------------------
# In these derivations x-dependence enters through E(x) = eps - U(x) = Delta + w(x), w > 0 (no turning point),
# so U' = -E' and p = sqrt(E^2 - Delta^2).

x_, y_ = sp.symbols("x y", real=True)
w_fn = sp.Function("w", positive=True)(x_)   # w = E - Delta > 0 (conduction band, no turning point)
E_fn = Delta + w_fn
a_fn, b_fn = sp.Function("a")(x_), sp.Function("b")(x_)
g_fn = sp.Function("g")


def _p(E):
    return sp.sqrt(E**2 - Delta**2)


def _phi_pm(E):
    """Eq. (48): real flat-potential eigenvectors of sigma_x p + Delta sigma_z with eigenvalues +E, -E."""
    n = sp.sqrt(2 * E)
    return (sp.Matrix([sp.sqrt(E + Delta), sp.sqrt(E - Delta)]) / n,
            sp.Matrix([sp.sqrt(E - Delta), -sp.sqrt(E + Delta)]) / n)


def eq48_eigenvectors():
    r"""Eq. (48): residuals :math:`(\sigma_xp + \Delta\sigma_z \mp E)\phi_\pm` and the Gram matrix minus 1 (all zero)."""
    E = Delta + sp.symbols("w", positive=True)
    fp, fm = _phi_pm(E)
    h = _p(E) * sx + Delta * sz
    res = [sp.simplify(h * fp - E * fp), sp.simplify(h * fm + E * fm)]
    gram = sp.simplify(sp.Matrix([[fp.dot(fp), fp.dot(fm)], [fm.dot(fp), fm.dot(fm)]]) - sp.eye(2))
    return res, gram


def eq48_angle_form(points=((1, 3), (2, 7), (5, 6))):
    r"""The angle parametrisation used in :func:`eq49_from_eq47`: with :math:`\cos 2\alpha = \Delta/E`,
    :math:`\phi_+ = (\cos\alpha, \sin\alpha)`, :math:`\phi_- = (\sin\alpha, -\cos\alpha)` equal Eq. (48). Checked exactly at
    rational points (Delta, E) (E > Delta); returns the largest absolute difference (0)."""
    worst = 0
    for D_, E_ in points:
        al = sp.acos(sp.Rational(D_, E_)) / 2
        fp, fm = _phi_pm(sp.Integer(E_))
        fp, fm = fp.subs(Delta, D_), fm.subs(Delta, D_)
        for u, v in ((fp, sp.Matrix([sp.cos(al), sp.sin(al)])), (fm, sp.Matrix([sp.sin(al), -sp.cos(al)]))):
            worst = max(worst, max(abs(sp.N(e, 30)) for e in (u - v)))
    return worst


def _eq49_derived_and_printed(signs):
    # Parametrise E(x) by the angle alpha(x) of phi_+ = (cos alpha, sin alpha): cos 2alpha = Delta/E, so
    # E = Delta/cos 2alpha, p = Delta tan 2alpha (0 < alpha < pi/4), and everything becomes trigonometric.
    al, alp, A, B, da, db = sp.symbols("alpha alpha_p A B da db")
    E = Delta / sp.cos(2 * al)
    p = Delta * sp.tan(2 * al)
    dE = E.diff(al) * alp                              # E' ; U' = -E'
    fp = sp.Matrix([sp.cos(al), sp.sin(al)])
    fm = sp.Matrix([sp.sin(al), -sp.cos(al)])
    chi = A * fp + B * fm
    dchi = da * fp + db * fm + (A * fp.diff(al) + B * fm.diff(al)) * alp
    # e^{-iS}(-i sigma_x d/dx)(e^{iS} chi) = sigma_x p chi - i sigma_x chi'  (S' = p)
    res = sx * p * chi - sp.I * sx * dchi + Delta * sz * chi - E * chi
    eqs = [sp.expand(fp.dot(res)), sp.expand(fm.dot(res))]
    sol = sp.solve(eqs, [da, db], dict=True)[0]
    derived = {k: sp.trigsimp(sol[k]) for k in (da, db)}
    Up = -dE
    out = []
    for sign in signs:
        c = sign * Up * Delta / (2 * p * E)            # sqrt(Delta^2 + p^2) = E for 0 < alpha < pi/4
        paper = sp.solve([-sp.I * da + sp.I * c * B + 2 * Delta * B,
                          -sp.I * db - sp.I * c * A + 2 * p * B], [da, db], dict=True)[0]
        printed = {k: sp.trigsimp(paper[k]) for k in (da, db)}
        diff = {k: sp.simplify(derived[k] - printed[k]) for k in (da, db)}
        out.append((printed, diff))
    return derived, out


def eq49_from_eq47(sign=+1):
    r"""Eq. (49): substitute :math:`\psi = e^{iS}(a\phi_+ + b\phi_-)`, :math:`S' = p`, into :math:`(-i\sigma_x\partial_x +
    \Delta\sigma_z + U - \varepsilon)\psi = 0` (:math:`p_y = 0`) and solve for :math:`a', b'`.

    Returns ``(derived, paper, difference)``: dicts {a', b'} from the substitution, from the paper's printed
    system (49) with :math:`U' = -E'` (both :math:`U'`-terms multiplied by ``sign``), and their difference
    (zero if Eq. 49 is right).
    """
    derived, [(printed, diff)] = _eq49_derived_and_printed((sign,))
    return derived, printed, diff


def eq49_with_flipped_control():
    r""":func:`eq49_from_eq47` for the printed signs and for both :math:`U'`-terms flipped, from one derivation.

    Returns ``(derived, difference, difference_flipped)``.
    """
    derived, [(_, diff), (_, wrong)] = _eq49_derived_and_printed((+1, -1))
    return derived, diff, wrong


def eq50_eq51_eq53():
    r"""Eqs. (50), (51), (53) from (49) by the iteration described in App. D; Eq. (18) from (53).

    (50): drop b' in the second equation -> b/a. (51): insert (50) in the first equation and drop the
    :math:`U'b` term -> :math:`(\ln a)' `; compare with :math:`(\ln\sqrt{E/p})'`. (53) :math:`\beta = ib/a` and the
    claim :math:`\langle v_y\rangle = 2\beta` (Eq. 18, first order in U'). Returns the three differences
    (Eq. 50, Eq. 51, Eq. 18 via 53), each zero if the paper's forms follow.
    """
    E = E_fn
    p = _p(E)
    Up = -E.diff(x_)
    c = Up * Delta / (2 * p * sp.sqrt(Delta**2 + p**2))
    b_over_a = sp.solve(-sp.I * c + 2 * p * sp.Symbol("r"), sp.Symbol("r"))[0]      # b' dropped, b = r a
    d50 = sp.simplify(b_over_a - sp.I * Up * Delta / (4 * p**2 * sp.sqrt(Delta**2 + p**2)))
    dln_a = 2 * Delta * b_over_a / sp.I                                             # -i a' + 2 Delta b = 0
    d51 = sp.simplify(dln_a - sp.log(sp.sqrt(sp.sqrt(Delta**2 + p**2) / p)).diff(x_))
    beta = sp.I * b_over_a
    d18 = sp.simplify(2 * beta - (-Up * Delta / (2 * p**2 * sp.sqrt(Delta**2 + p**2))))
    return d50, sp.simplify(d51), d18


def eq18_from_eq5():
    r"""Eq. (18) from the exact Eq. (5) at :math:`p_y=0`: :math:`\psi^\dagger\sigma_y\psi = -\partial_x(\psi^\dagger\psi)/(2\Delta)`
    with the Eq. (17) density :math:`\psi^\dagger\psi = 1/v_x = E/p`; returns :math:`\langle v_y\rangle` derived minus Eq. (18)."""
    E = E_fn
    p = _p(E)
    rho = E / p
    vy = (-rho.diff(x_) / (2 * Delta)) / rho
    Up = -E.diff(x_)
    return sp.simplify(vy - (-Up * Delta / (2 * p**2 * sp.sqrt(Delta**2 + p**2))))


def eq17_spinor_and_eq18_beta():
    r"""Eq. (17) with Eq. (53): :math:`(1+\beta\sigma_y)\phi_+ = \phi_+ - i\beta\phi_-` (so b/a = −iβ), and
    :math:`\langle\sigma_y\rangle = 2\beta + O(\beta^2)` for real β. Also :math:`\phi` of Eq. (17) equals :math:`\phi_+` of Eq. (48).
    Returns (spinor residual, <sigma_y> - 2 beta/(1+beta^2) ..., phi(17) - phi_+(48))."""
    E = Delta + sp.symbols("w", positive=True)
    beta = sp.symbols("beta", real=True)
    fp, fm = _phi_pm(E)
    xi = Delta / E
    phi17 = sp.Matrix([sp.sqrt(1 + xi), sp.sqrt(1 - xi)]) / sp.sqrt(2)
    r1 = sp.simplify((sp.eye(2) + beta * sy) * fp - (fp - sp.I * beta * fm))
    psi = (sp.eye(2) + beta * sy) * fp
    sy_exp = sp.simplify((psi.H * sy * psi)[0] / (psi.H * psi)[0])
    r2 = sp.simplify(sy_exp - 2 * beta / (1 + beta**2))
    r3 = sp.simplify(phi17 - fp)
    return r1, r2, r3


def eq22_eq23():
    r"""Eq. (22): :math:`-\langle\sigma_x\rangle_\phi/(2\Delta)` with :math:`\phi` of Eq. (17) vs. :math:`-p/(2\Delta E)`;
    Eq. (23): :math:`v_x\,dy/dx` vs. :math:`U'\Delta/(2E^3)`; Eq. (61): :math:`dv_x/dx` vs. the printed form.
    Returns the three differences."""
    E = E_fn
    p = _p(E)
    Up = -E.diff(x_)
    fp, _ = _phi_pm(E)
    y = -(fp.T * sx * fp)[0] / (2 * Delta)
    d22 = sp.simplify(y - (-p / (2 * Delta * E)))
    vx = p / sp.sqrt(Delta**2 + p**2)
    ytraj = -vx / (2 * Delta)
    d23 = sp.simplify(vx * ytraj.diff(x_) - Up * Delta / (2 * (Delta**2 + p**2) ** sp.Rational(3, 2)))
    d61 = sp.simplify(vx.diff(x_) - (-Up * Delta**2 / (p * (Delta**2 + p**2))))
    return d22, d23, d61


def eq54_to_eq58():
    r"""Eqs. (54) -> (55) -> (57), (58): expand :math:`g(y\pm\frac1{2\Delta})^2` to first order in :math:`1/\Delta`
    (gradient expansion) with :math:`n_+ - n_- = 1`, :math:`n_+ + n_- = 1/v_x` (:math:`n_\pm = \psi_\pm^\dagger\psi_\pm`).

    Returns (j_x(54) - j_x(55), rho(54) - rho(55), rho(57) - rho(55)), each expanded to first order in
    :math:`h = 1/(2\Delta)`; zero if the steps follow. Also returns the centroid shift implied by (57), which
    is Eq. (58) :math:`y = -v_x/(2\Delta)`.
    """
    h, v = sp.symbols("h v", positive=True)
    g = g_fn
    npl, nmi = (1 + 1 / v) / 2, (1 / v - 1) / 2                # n_+ - n_- = 1, n_+ + n_- = 1/v
    jx54 = g(y_ + h) ** 2 * npl - g(y_ - h) ** 2 * nmi
    rho54 = g(y_ + h) ** 2 * npl + g(y_ - h) ** 2 * nmi
    D = 1 / (2 * h)
    gy, dgy = g(y_), g(y_).diff(y_)
    jx55 = gy**2 + gy * dgy / (D * v)
    rho55 = gy**2 / v + gy * dgy / D
    rho57 = g(y_ + v / (2 * D)) ** 2 / v

    def first_order(expr):
        return sp.simplify(sp.series(expr, h, 0, 2).removeO().doit())

    shift = sp.solve(sp.Symbol("Y") + v / (2 * D), sp.Symbol("Y"))[0]     # g^2 centred where y + v/(2 Delta) = 0
    return (first_order(jx54 - jx55), first_order(rho54 - rho55), first_order(rho57 - rho55),
            sp.simplify(shift - (-v * h)))


def eq59_to_eq62():
    r"""Eq. (59) from :math:`\partial_x` of Eq. (55); Eq. (60) by integrating :math:`\partial_yj_y` over y; Eq. (62) by
    inserting Eq. (61); :math:`\langle v_y\rangle = j_y/\rho` (ρ = 1/v_x inside) vs. Eq. (18).
    Returns the four differences (zero if the paper's forms follow)."""
    E = E_fn
    p = _p(E)
    Up = -E.diff(x_)
    vx = p / E
    g = g_fn
    jx55 = g(y_) ** 2 + g(y_) * g(y_).diff(y_) / (Delta * vx)
    d59 = sp.simplify(jx55.diff(x_) - (-g(y_) * g(y_).diff(y_) * vx.diff(x_) / (Delta * vx**2)))
    # j_y(y) = -int_{-inf}^{y} d_x j_x dy', with g(-inf) = 0: the integrand is a total y-derivative of g^2/2
    jy = -(-(g(y_) ** 2 / 2) * vx.diff(x_) / (Delta * vx**2))
    d60 = sp.simplify(jy - g(y_) ** 2 * vx.diff(x_) / (2 * Delta * vx**2))
    jy_in = jy.subs(g(y_), 1)
    d62 = sp.simplify(jy_in - (-Up * Delta / (2 * p**3)))
    d62b = sp.simplify(jy_in * vx - (-Up * Delta / (2 * p**2 * sp.sqrt(Delta**2 + p**2))))
    return d59, d60, d62, d62b


def eq64_band_moment():
    r"""Orbital moment of the conduction band of :math:`H = \sigma_xk_x + \sigma_yk_y + \Delta\sigma_z` from the band formula
    :math:`K = -\frac{i}{2}\langle\nabla_ku|\times(H-\varepsilon)|\nabla_ku\rangle_z` (:math:`\hbar = v_F = 1`).

    Returns (K, K + Delta/(2(Delta^2 + k^2))). The magnitude is that of Eq. (64); the sign relative to the charge
    depends on the convention for the charge in the moment formula and is fixed in the book by the ray numerics.
    """
    kx, ky = sp.symbols("k_x k_y", real=True)
    H = kx * sx + ky * sy + Delta * sz
    E = sp.sqrt(kx**2 + ky**2 + Delta**2)
    u = sp.Matrix([E + Delta, kx + sp.I * ky]) / sp.sqrt(2 * E * (E + Delta))
    dx, dy = u.diff(kx), u.diff(ky)
    A = H - E * sp.eye(2)
    K = sp.simplify(-sp.I / 2 * ((dx.H * A * dy)[0] - (dy.H * A * dx)[0]))
    return K, sp.simplify(K + Delta / (2 * (Delta**2 + kx**2 + ky**2)))


def eq65_eq66():
    r"""Eq. (65) :math:`M = \mu/v_x` with μ of Eq. (64), and Eq. (66): :math:`-\partial_xM` vs. the printed middle form and vs.
    :math:`j_y - j_{y\,tr}` with :math:`j_y` of Eq. (62) and :math:`j_{y\,tr} = v_{y\,tr}/v_x` (Eq. 23 times ρ = 1/v_x).
    Charge e set to 1. Returns (Eq. 65 difference, (66) middle, (66) right)."""
    E = E_fn
    p = _p(E)
    Up = -E.diff(x_)
    vx = p / E
    mu = Delta / (2 * (Delta**2 + p**2))
    M = mu / vx
    d65 = sp.simplify(M - Delta / (2 * p * sp.sqrt(Delta**2 + p**2)))
    lhs = -M.diff(x_)
    middle = -Up * Delta / 2 * (1 / p**3 + 1 / (p * (Delta**2 + p**2)))
    jy = -Up * Delta / (2 * p**3)
    jtr = Up * Delta / (2 * (Delta**2 + p**2) ** sp.Rational(3, 2)) / vx
    return d65, sp.simplify(lhs - middle), sp.simplify(lhs - (jy - jtr))


def eq64_with_units():
    r"""Eq. (64) with :math:`\hbar` and :math:`v_F` kept: the band formula against the printed and the corrected form.

    The orbital moment of the conduction band of :math:`H(\mathbf k) = \hbar v_F\boldsymbol\sigma\cdot\mathbf k +
    \Delta\sigma_z` (wavevector :math:`\mathbf k`) from the band formula of the literature,
    :math:`K = -\frac{i}{2\hbar}\langle\nabla_ku|\times(H-\varepsilon)|\nabla_ku\rangle_z` (charge 1), rewritten with
    :math:`\mathbf p = \hbar\mathbf k` and the mass :math:`m = \Delta/v_F^2`. Compared with the form printed in the
    paper, :math:`\frac{1}{2\hbar}\frac{mv_F^2}{m^2v_F^2+p^2}`, and with the corrected
    :math:`\frac{\hbar}{2}\frac{mv_F^2}{m^2v_F^2+p^2}` (:math:`\hbar` in the numerator). As in
    :func:`eq64_band_moment`, the sign of K relative to the charge is fixed by the ray numerics.

    Returns (K, K + corrected, K + printed, printed / corrected): the second is 0, the third is not.
    """
    hb, v, m, p = sp.symbols("hbar v_F m p", positive=True)
    kx, ky = sp.symbols("k_x k_y", real=True)
    D = m * v**2
    H = hb * v * (kx * sx + ky * sy) + D * sz
    E = sp.sqrt(hb**2 * v**2 * (kx**2 + ky**2) + D**2)
    u = sp.Matrix([E + D, hb * v * (kx + sp.I * ky)]) / sp.sqrt(2 * E * (E + D))
    dx, dy = u.diff(kx), u.diff(ky)
    A = H - E * sp.eye(2)
    K = -sp.I / (2 * hb) * ((dx.H * A * dy)[0] - (dy.H * A * dx)[0])
    K = sp.simplify(sp.simplify(K).subs({kx: p / hb, ky: 0}))
    corrected = hb / 2 * m * v**2 / (m**2 * v**2 + p**2)
    printed = 1 / (2 * hb) * m * v**2 / (m**2 * v**2 + p**2)
    return K, sp.simplify(K + corrected), sp.simplify(K + printed), sp.simplify(printed / corrected)
