//! Tests of [`Real`]: known digits, exactness, and approximations combined like trimming the
//! exact result.

use num_bigint::BigInt;
use num_rational::BigRational;

use super::{DIGITS, Q, Real};

#[test]
fn transcendental_values_match_known_digits() {
    let ln2 = Real::exact(Q::int(2)).ln().unwrap();
    assert_eq!(ln2.decimal(12).to_string(), "0.693147180560");
    let e = Real::exact(Q::one()).exp();
    assert_eq!(e.decimal(12).to_string(), "2.718281828459");
    let s = Real::exact(Q::int(1)).sigmoid();
    assert_eq!(s.decimal(12).to_string(), "0.731058578630");
    let r2 = Real::exact(Q::int(2)).sqrt().unwrap();
    assert_eq!(r2.decimal(12).to_string(), "1.414213562373");
    let ln_tenth = Real::exact(Q::frac(1, 10)).ln().unwrap();
    assert_eq!(ln_tenth.decimal(12).to_string(), "-2.302585092994");
}

#[test]
fn exact_where_the_math_is_rational() {
    assert_eq!(Real::exact(Q::zero()).sigmoid(), Real::Exact(Q::frac(1, 2)));
    assert_eq!(
        Real::exact(Q::frac(9, 4)).sqrt(),
        Some(Real::Exact(Q::frac(3, 2)))
    );
    assert!(Real::exact(Q::zero()).ln().is_none());
}

/// The original trim: `round(q 10^DIGITS) / 10^DIGITS` on `BigRational`.
fn reference_trim(q: &BigRational) -> Q {
    let s = BigInt::from(10u32).pow(DIGITS);
    let scaled = (q * BigRational::from_integer(s.clone())).round();
    Q::from_big(BigRational::new(scaled.to_integer(), s))
}

#[test]
fn approximations_combine_like_trimming_the_exact_result() {
    let two = Real::exact(Q::int(2));
    let values = [
        two.sqrt().unwrap(),
        -&Real::exact(Q::frac(7, 3)).ln().unwrap(),
        Real::exact(Q::frac(-5, 2)).exp(),
        Real::exact(Q::frac(1, 3)),
        Real::exact(Q::int(i64::MIN)),
        Real::exact(Q::frac(-1, 1 << 40)),
    ];
    for a in &values {
        for b in &values {
            let (ea, eb) = (
                a.value().as_big().into_owned(),
                b.value().as_big().into_owned(),
            );
            let cases = [
                (a + b, &ea + &eb),
                (a - b, &ea - &eb),
                (a * b, &ea * &eb),
                (a / b, &ea / &eb),
            ];
            for (got, exact) in cases {
                let want = if a.is_exact() && b.is_exact() {
                    Q::from_big(exact)
                } else {
                    reference_trim(&exact)
                };
                assert_eq!(got.value(), &want, "{a} and {b}");
            }
        }
    }
}
