//! [`Q`] against `BigRational`, the reference: word-boundary values and random fractions
//! through every operation, order and rounding.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};

use super::Q;
use super::tests::big;

/// The formulas of the original all-`BigRational` implementation, as the reference.
mod reference {
    use num_bigint::BigInt;
    use num_rational::BigRational;
    use num_traits::{One, Signed, Zero};

    pub fn round_to(x: &BigRational, places: u32) -> BigRational {
        let scale = BigInt::from(10u32).pow(places);
        let scaled = x * BigRational::from_integer(scale.clone());
        let half = BigRational::new(BigInt::one(), BigInt::from(2));
        let magnitude = (scaled.abs() + half).floor().to_integer();
        let signed = if scaled.is_negative() {
            -magnitude
        } else {
            magnitude
        };
        BigRational::new(signed, scale)
    }

    pub fn to_decimal_string(x: &BigRational, places: u32) -> String {
        let r = round_to(x, places);
        let scale = BigInt::from(10u32).pow(places);
        let scaled = (r * BigRational::from_integer(scale)).to_integer();
        let negative = scaled.is_negative();
        let digits = scaled.abs().to_string();
        let places = places as usize;
        let body = if places == 0 {
            digits
        } else {
            let padded = format!("{digits:0>width$}", width = places + 1);
            let (int_part, frac_part) = padded.split_at(padded.len() - places);
            format!("{int_part}.{frac_part}")
        };
        if negative { format!("-{body}") } else { body }
    }

    pub fn decimal_places(x: &BigRational, max: u32) -> Option<u32> {
        let mut d = x.denom().clone();
        let mut places = [0u32; 2];
        for (count, p) in places.iter_mut().zip([2u32, 5]) {
            let p = BigInt::from(p);
            while (&d % &p).is_zero() {
                d /= &p;
                *count += 1;
            }
        }
        let places = places[0].max(places[1]);
        (d.is_one() && places <= max).then_some(places)
    }
}

#[test]
fn agrees_with_big_rational_near_the_word_boundary() {
    let edges: Vec<i64> = vec![
        0,
        1,
        -1,
        2,
        3,
        5,
        7,
        10,
        12,
        1000,
        -999,
        65_536,
        1 << 31,
        (1 << 32) + 1,
        3_037_000_499,
        3_037_000_500,
        1 << 62,
        (1 << 62) + 3,
        i64::MAX / 3,
        i64::MAX - 1,
        i64::MAX,
        i64::MIN + 1,
        i64::MIN,
        -(1 << 62),
        999_999_999_999_999_999,
    ];
    let mut values: Vec<Q> = Vec::new();
    for &n in &edges {
        for &d in &edges {
            if d != 0 {
                values.push(Q::frac(n, d));
            }
        }
    }
    values.push(big("123456789012345678901234567890", "7"));
    values.push(big("-1", "340282366920938463463374607431768211456"));
    values.push(big("98765432109876543210", "1"));
    values.push(Q::from(u64::MAX));
    // Every pair of a deterministic sample (a stride keeps it quick).
    let pick: Vec<&Q> = values.iter().step_by(7).collect();
    for a in &pick {
        let ra = a.as_big().into_owned();
        assert_eq!(Q::from_big(ra.clone()), **a);
        assert_eq!(a.to_string(), {
            if ra.is_integer() {
                ra.numer().to_string()
            } else {
                format!("{}/{}", ra.numer(), ra.denom())
            }
        });
        assert_eq!(a.floor().as_big().into_owned(), ra.floor());
        assert_eq!(a.ceil().as_big().into_owned(), ra.ceil());
        assert_eq!(
            a.to_i64(),
            if ra.is_integer() {
                ra.to_integer().to_i64()
            } else {
                None
            }
        );
        assert_eq!(a.to_f64(), ra.to_f64().unwrap());
        for places in [0, 3, 15, 19, 40] {
            assert_eq!(
                a.decimal(places).to_string(),
                reference::to_decimal_string(&ra, places)
            );
            assert_eq!(
                a.round_to(places).as_big().into_owned(),
                reference::round_to(&ra, places)
            );
        }
        assert_eq!(a.decimal_places(40), reference::decimal_places(&ra, 40));
        assert_eq!(a.pow(3).as_big().into_owned(), ra.pow(3));
        for k in [-25i32, -3, 0, 2, 20] {
            let scale = BigRational::from_integer(BigInt::from(10).pow(k.unsigned_abs()));
            let expected = if k >= 0 { &ra * &scale } else { &ra / &scale };
            assert_eq!(a.mul_pow10(k).as_big().into_owned(), expected);
        }
        assert_eq!(a.to_string().parse::<Q>().as_ref(), Ok(*a));
        for b in &pick {
            let rb = b.as_big().into_owned();
            let check = |got: Q, want: BigRational, op: &str| {
                assert_eq!(got.as_big().into_owned(), want, "{a} {op} {b}");
                assert_eq!(got, Q::from_big(want), "{a} {op} {b} is not canonical");
            };
            check(*a + *b, &ra + &rb, "+");
            check(*a - *b, &ra - &rb, "-");
            check(*a * *b, &ra * &rb, "*");
            if !b.is_zero() {
                check(*a / *b, &ra / &rb, "/");
            }
            assert_eq!(a.cmp(b), ra.cmp(&rb), "{a} cmp {b}");
        }
    }
}

/// Random fractions of up to 71-bit parts (both forms, all four operations, order, rounding).
#[test]
fn random_values_agree_with_big_rational() {
    let mut state = 0x9E3779B97F4A7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let rand_int = |next: &mut dyn FnMut() -> u64| -> BigInt {
        let bits = next() % 72;
        let hi = next() as u128;
        let lo = next() as u128;
        let v = ((hi << 64) | lo) >> (128 - bits.max(1)) as u32;
        let v = BigInt::from(v);
        if next() % 2 == 0 { -v } else { v }
    };
    let mut vals = Vec::new();
    for _ in 0..150 {
        let n = rand_int(&mut next);
        let mut d = rand_int(&mut next);
        if d.is_zero() {
            d = BigInt::from(1);
        }
        let r = BigRational::new(n, d);
        vals.push((Q::from_big(r.clone()), r));
    }
    for (a, ra) in &vals {
        assert_eq!(&a.as_big().into_owned(), ra);
        for places in [0, 2, 20] {
            assert_eq!(
                a.decimal(places).to_string(),
                reference::to_decimal_string(ra, places)
            );
        }
        assert_eq!(
            a.round_to(7).as_big().into_owned(),
            reference::round_to(ra, 7)
        );
        for k in [-30i32, -1, 1, 30] {
            let scale = BigRational::from_integer(BigInt::from(10).pow(k.unsigned_abs()));
            let expected = if k >= 0 { ra * &scale } else { ra / &scale };
            assert_eq!(a.mul_pow10(k), Q::from_big(expected));
        }
        if !a.is_zero() {
            let e = a.decimal_exponent();
            assert!(a.abs() >= Q::one().mul_pow10(e) && a.abs() < Q::one().mul_pow10(e + 1));
        }
        for (b, rb) in &vals {
            assert_eq!(a + b, Q::from_big(ra + rb));
            assert_eq!(a - b, Q::from_big(ra - rb));
            assert_eq!(a * b, Q::from_big(ra * rb));
            if !b.is_zero() {
                assert_eq!(a / b, Q::from_big(ra / rb));
            }
            assert_eq!(a.cmp(b), ra.cmp(rb));
        }
    }
}
