//! Arithmetic on [`Q`]: the four operations on each pair of forms, the operator traits (for owned
//! and borrowed operands alike, by one macro) and the integer-valued helpers.

use std::ops::{Add, Div, Mul, Neg, Sub};

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, Zero};

use super::{Q, Repr, gcd_u64, rem_u64};

/// `a/b + c/d` for reduced fractions with `|a|, |c| <= 2^63` and `0 < b, d < 2^63`
/// (Knuth's gcd-early addition: every product fits in an `i128`).
fn add_wide(a: i128, b: i128, c: i128, d: i128) -> Q {
    if b == 1 && d == 1 {
        return Q::from_i128_reduced(a + c, 1);
    }
    let g = gcd_u64(b as u64, d as u64) as i128;
    if g == 1 {
        let n = a * d + c * b;
        return if n == 0 {
            Q::zero()
        } else {
            Q::from_i128_reduced(n, b * d)
        };
    }
    let t = a * (d / g) + c * (b / g);
    if t == 0 {
        return Q::zero();
    }
    let g2 = gcd_u64((t.unsigned_abs() % g as u128) as u64, g as u64) as i128;
    Q::from_i128_reduced(t / g2, (b / g) * (d / g2))
}

/// [`add_wide`] in machine words when nothing overflows (`docs/exams.md` has why both exist).
fn add_small(a: i64, b: i64, c: i64, d: i64) -> Q {
    let narrow = || -> Option<Q> {
        if b == 1 && d == 1 {
            return Some(Q::int(a.checked_add(c)?));
        }
        let g = gcd_u64(b as u64, d as u64) as i64;
        if g == 1 {
            let n = a.checked_mul(d)?.checked_add(c.checked_mul(b)?)?;
            return Some(if n == 0 {
                Q::zero()
            } else {
                Q(Repr::Small(n, b.checked_mul(d)?))
            });
        }
        let t = a.checked_mul(d / g)?.checked_add(c.checked_mul(b / g)?)?;
        if t == 0 {
            return Some(Q::zero());
        }
        let g2 = gcd_u64(t.unsigned_abs() % g as u64, g as u64) as i64;
        Some(Q(Repr::Small(t / g2, (b / g).checked_mul(d / g2)?)))
    };
    narrow().unwrap_or_else(|| add_wide(a as i128, b as i128, c as i128, d as i128))
}

/// `a/b - c/d`, as [`add_small`].
fn sub_small(a: i64, b: i64, c: i64, d: i64) -> Q {
    match c.checked_neg() {
        Some(c) => add_small(a, b, c, d),
        None => add_wide(a as i128, b as i128, -(c as i128), d as i128),
    }
}

/// `(a/b) (c/d)` for reduced fractions, cross-reducing first: already reduced, and every
/// product fits in an `i128`. In machine words until a product overflows (see [`add_small`]).
fn mul_small(a: i64, b: i64, c: i64, d: i64) -> Q {
    if a == 0 || c == 0 {
        return Q::zero();
    }
    if b == 1 && d == 1 {
        if let Some(n) = a.checked_mul(c) {
            return Q::int(n);
        }
    }
    // The gcds divide d and b, so they fit in an i64 and the quotients cannot overflow. Most
    // are 1: no division then.
    let g1 = gcd_u64(a.unsigned_abs(), d as u64) as i64;
    let g2 = gcd_u64(c.unsigned_abs(), b as u64) as i64;
    let (a, d) = if g1 == 1 { (a, d) } else { (a / g1, d / g1) };
    let (c, b) = if g2 == 1 { (c, b) } else { (c / g2, b / g2) };
    match (a.checked_mul(c), b.checked_mul(d)) {
        (Some(n), Some(m)) => Q(Repr::Small(n, m)),
        _ => Q::from_i128_reduced(a as i128 * c as i128, b as i128 * d as i128),
    }
}

/// `(a/b) / (c/d)` for reduced fractions, `c != 0`: `(a d) / (b c)`, cross-reduced (so
/// already reduced), in machine words when nothing overflows (see [`add_small`]), else in `i128`.
fn div_small(a: i64, b: i64, c: i64, d: i64) -> Q {
    assert!(c != 0, "division by zero");
    if a == 0 {
        return Q::zero();
    }
    let g1 = gcd_u64(a.unsigned_abs(), c.unsigned_abs());
    let g2 = gcd_u64(b as u64, d as u64) as i64;
    let narrow = || -> Option<Q> {
        // g1 = 2^63 only for a = c = i64::MIN.
        let g1 = i64::try_from(g1).ok()?;
        let (mut a, b, mut c, d) = (a / g1, b / g2, c / g1, d / g2);
        if c < 0 {
            a = a.checked_neg()?;
            c = c.checked_neg()?;
        }
        Some(Q(Repr::Small(a.checked_mul(d)?, b.checked_mul(c)?)))
    };
    narrow().unwrap_or_else(|| {
        let (g1, g2) = (g1 as i128, g2 as i128);
        let (a, b, c, d) = (
            a as i128 / g1,
            b as i128 / g2,
            c as i128 / g1,
            d as i128 / g2,
        );
        let (n, m) = if c < 0 {
            (-a * d, -(b * c))
        } else {
            (a * d, b * c)
        };
        Q::from_i128_reduced(n, m)
    })
}

/// `a / b` for a divisor of `a` (no work when it is 1).
fn div_exact(a: &BigInt, g: u64) -> BigInt {
    if g == 1 { a.clone() } else { a / g }
}

/// `(a/b) (c/d)` for a reduced big fraction and reduced machine parts (`c != 0`, sign
/// `negative`), cross-reducing with word-sized gcds only.
fn mul_mixed(a: &BigInt, b: &BigInt, negative: bool, c: u64, d: u64) -> Q {
    let g1 = gcd_u64(rem_u64(a.magnitude(), d), d);
    let g2 = gcd_u64(rem_u64(b.magnitude(), c), c);
    let n = div_exact(a, g1) * (c / g2);
    let m = div_exact(b, g2) * (d / g1);
    Q::from_big(BigRational::new_raw(if negative { -n } else { n }, m))
}

/// `a/b + c/d` for a reduced big fraction and reduced machine parts (Knuth's gcd-early
/// addition, with word-sized gcds only).
fn add_mixed(a: &BigInt, b: &BigInt, c: i128, d: u64) -> Q {
    let g = gcd_u64(rem_u64(b.magnitude(), d), d);
    let t = a * (d / g) + div_exact(b, g) * c;
    if t.is_zero() {
        return Q::zero();
    }
    let g2 = gcd_u64(rem_u64(t.magnitude(), g), g);
    Q::from_big(BigRational::new_raw(
        div_exact(&t, g2),
        div_exact(b, g) * (d / g2),
    ))
}

/// `x + y`.
fn add(x: &Q, y: &Q) -> Q {
    match (&x.0, &y.0) {
        (&Repr::Small(a, b), &Repr::Small(c, d)) => add_small(a, b, c, d),
        (Repr::Big(r), Repr::Small(c, d)) | (Repr::Small(c, d), Repr::Big(r)) => {
            add_mixed(r.numer(), r.denom(), (*c).into(), *d as u64)
        }
        (Repr::Big(r), Repr::Big(s)) => Q::from_big(&**r + &**s),
    }
}

/// `x - y`.
fn sub(x: &Q, y: &Q) -> Q {
    match (&x.0, &y.0) {
        (&Repr::Small(a, b), &Repr::Small(c, d)) => sub_small(a, b, c, d),
        (Repr::Big(r), &Repr::Small(c, d)) => {
            add_mixed(r.numer(), r.denom(), -i128::from(c), d as u64)
        }
        (&Repr::Small(c, d), Repr::Big(r)) => add_mixed(&-r.numer(), r.denom(), c.into(), d as u64),
        (Repr::Big(r), Repr::Big(s)) => Q::from_big(&**r - &**s),
    }
}

/// `x y`.
fn mul(x: &Q, y: &Q) -> Q {
    match (&x.0, &y.0) {
        (&Repr::Small(a, b), &Repr::Small(c, d)) => mul_small(a, b, c, d),
        (_, Repr::Small(0, _)) | (Repr::Small(0, _), _) => Q::zero(),
        (Repr::Big(r), Repr::Small(c, d)) | (Repr::Small(c, d), Repr::Big(r)) => {
            mul_mixed(r.numer(), r.denom(), *c < 0, c.unsigned_abs(), *d as u64)
        }
        (Repr::Big(r), Repr::Big(s)) => Q::from_big(&**r * &**s),
    }
}

/// `x / y`; **panics on a zero divisor**.
fn div(x: &Q, y: &Q) -> Q {
    match (&x.0, &y.0) {
        (_, Repr::Small(0, _)) => panic!("division by zero"),
        (&Repr::Small(a, b), &Repr::Small(c, d)) => div_small(a, b, c, d),
        (Repr::Small(0, _), _) => Q::zero(),
        (Repr::Big(r), Repr::Small(c, d)) => {
            mul_mixed(r.numer(), r.denom(), *c < 0, *d as u64, c.unsigned_abs())
        }
        // (c/d) / (a/b) = (b/a) (c/d), with the sign of a moved up.
        (Repr::Small(c, d), Repr::Big(r)) => {
            let (a, b) = (r.numer(), r.denom());
            let b = if a.is_negative() { -b } else { b.clone() };
            mul_mixed(&b, &a.abs(), *c < 0, c.unsigned_abs(), *d as u64)
        }
        (Repr::Big(r), Repr::Big(s)) => Q::from_big(&**r / &**s),
    }
}

/// Implements an operator trait for every pairing of owned and borrowed operands, all through
/// the one function on references (as num-rational does).
macro_rules! forward_binop {
    ($(#[$doc:meta])* $trait:ident, $method:ident, $op:path) => {
        $(#[$doc])*
        impl $trait<&Q> for &Q {
            type Output = Q;
            fn $method(self, rhs: &Q) -> Q {
                $op(self, rhs)
            }
        }
        $(#[$doc])*
        impl $trait<Q> for &Q {
            type Output = Q;
            fn $method(self, rhs: Q) -> Q {
                $op(self, &rhs)
            }
        }
        $(#[$doc])*
        impl $trait<&Q> for Q {
            type Output = Q;
            fn $method(self, rhs: &Q) -> Q {
                $op(&self, rhs)
            }
        }
        $(#[$doc])*
        impl $trait<Q> for Q {
            type Output = Q;
            fn $method(self, rhs: Q) -> Q {
                $op(&self, &rhs)
            }
        }
    };
}

forward_binop!(Add, add, add);
forward_binop!(Sub, sub, sub);
forward_binop!(Mul, mul, mul);
forward_binop!(
    /// Division; **panics on a zero divisor** like every Rust number type. Values from input
    /// go through [`Q::checked_div`].
    Div,
    div,
    div
);

impl Neg for &Q {
    type Output = Q;
    fn neg(self) -> Q {
        match &self.0 {
            Repr::Small(n, d) => Q::from_i128_reduced(-i128::from(*n), (*d).into()),
            // -(2^63) comes back to a word.
            Repr::Big(r) => Q::from_big(-r.as_ref()),
        }
    }
}

impl Neg for Q {
    type Output = Q;
    fn neg(self) -> Q {
        -&self
    }
}

impl std::iter::Sum for Q {
    fn sum<I: Iterator<Item = Q>>(iter: I) -> Q {
        iter.fold(Q::zero(), |a, b| a + b)
    }
}

impl Q {
    /// The absolute value.
    pub fn abs(&self) -> Self {
        if self.is_negative() {
            -self
        } else {
            self.clone()
        }
    }

    /// The largest integer not above the value.
    pub fn floor(&self) -> Self {
        match &self.0 {
            Repr::Small(n, d) => Q::int(n.div_euclid(*d)),
            Repr::Big(r) => Q::from_big(r.floor()),
        }
    }

    /// The smallest integer not below the value.
    pub fn ceil(&self) -> Self {
        match &self.0 {
            Repr::Small(n, d) => {
                let (n, d) = (i128::from(*n), i128::from(*d));
                Q::from_i128_reduced(-((-n).div_euclid(d)), 1)
            }
            Repr::Big(r) => Q::from_big(r.ceil()),
        }
    }

    /// `self / rhs`, or `None` when `rhs` is zero.
    pub fn checked_div(&self, rhs: &Q) -> Option<Q> {
        (!rhs.is_zero()).then(|| self / rhs)
    }

    /// `1 / self`, or `None` for zero.
    pub fn recip(&self) -> Option<Q> {
        (!self.is_zero()).then(|| Q::one() / self)
    }

    /// `self` raised to a non-negative integer power.
    pub fn pow(&self, exp: u32) -> Q {
        // A reduced fraction's powers stay reduced: no gcd needed.
        if let Repr::Small(n, d) = self.0 {
            if let (Some(n), Some(d)) = (n.checked_pow(exp), d.checked_pow(exp)) {
                return Q(Repr::Small(n, d));
            }
        }
        let r = self.as_big();
        Q::from_big(BigRational::new_raw(r.numer().pow(exp), r.denom().pow(exp)))
    }

    /// The exact square root, when the value is the square of a rational.
    pub fn sqrt_exact(&self) -> Option<Q> {
        if self.is_negative() {
            return None;
        }
        // Roots of coprime squares are coprime: already reduced.
        match &self.0 {
            Repr::Small(n, d) => {
                let (rn, rd) = (n.isqrt(), d.isqrt());
                (rn * rn == *n && rd * rd == *d).then_some(Q(Repr::Small(rn, rd)))
            }
            Repr::Big(r) => {
                let (n, d) = (r.numer().sqrt(), r.denom().sqrt());
                (&n * &n == *r.numer() && &d * &d == *r.denom())
                    .then(|| Q::from_big(BigRational::new_raw(n, d)))
            }
        }
    }

    /// Greatest common divisor of the integer parts (truncated, as
    /// `BigRational::to_integer` does).
    pub fn gcd(&self, other: &Q) -> Q {
        if let (Repr::Small(a, da), Repr::Small(b, db)) = (&self.0, &other.0) {
            let g = gcd_u64((a / da).unsigned_abs(), (b / db).unsigned_abs());
            return Q::from_i128_reduced(g.into(), 1);
        }
        Q::from_big(BigRational::from_integer(
            self.as_big().to_integer().gcd(&other.as_big().to_integer()),
        ))
    }
}
