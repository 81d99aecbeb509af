//! Tests of [`Q`]: parsing, rounding, the canonical form across word-sized and big values.

use std::cmp::Ordering;
use std::hash::{DefaultHasher, Hash, Hasher};

use num_bigint::BigInt;
use num_rational::BigRational;

use super::Q;

/// The number a string parses to.
pub(super) fn q(s: &str) -> Q {
    s.parse().unwrap()
}

/// The reduced fraction `n/d` of big integers.
pub(super) fn big(n: &str, d: &str) -> Q {
    Q::from_big(BigRational::new(n.parse().unwrap(), d.parse().unwrap()))
}

fn hash_of(q: &Q) -> u64 {
    let mut h = DefaultHasher::new();
    q.hash(&mut h);
    h.finish()
}

#[test]
fn parses_integers_decimals_fractions_exactly() {
    assert_eq!(q("3"), Q::int(3));
    assert_eq!(q("-0.25"), Q::frac(-1, 4));
    assert_eq!(q("0.1"), Q::frac(1, 10));
    assert_eq!(q("1e-3"), Q::frac(1, 1000));
    assert_eq!(q("2.5E2"), Q::int(250));
    assert_eq!(q(" -1/2 "), Q::frac(-1, 2));
    assert_eq!(q("4/-8"), Q::frac(-1, 2));
    for bad in [
        "", "-", ".", "1/0", "abc", "1.2.3", "0x10", "1e999999", "--1",
    ] {
        assert!(bad.parse::<Q>().is_err(), "{bad} parsed");
    }
}

#[test]
fn rounds_ties_away_from_zero_on_exact_values() {
    assert_eq!(q("0.40625").decimal(4).to_string(), "0.4063");
    assert_eq!(q("-0.40625").decimal(4).to_string(), "-0.4063");
    assert_eq!(q("2.5").decimal(0).to_string(), "3");
    assert_eq!(Q::frac(1, 3).decimal(3).to_string(), "0.333");
    assert_eq!(Q::frac(-1, 200).decimal(2).to_string(), "-0.01");
    assert_eq!(Q::frac(-1, 1000).decimal(2).to_string(), "0.00");
    assert_eq!(q("0.05").decimal(3).to_string(), "0.050");
}

#[test]
fn exact_decimals_and_square_roots() {
    assert_eq!(
        Q::frac(-1, 2)
            .exact_decimal(6)
            .map(|d| d.to_string())
            .as_deref(),
        Some("-0.5")
    );
    assert!(Q::frac(1, 3).exact_decimal(6).is_none());
    assert_eq!(Q::frac(3, 40).decimal_places(3), Some(3));
    assert_eq!(Q::frac(3, 40).decimal_places(2), None);
    assert_eq!(Q::int(-7).decimal_places(0), Some(0));
    assert!(Q::frac(3, 8).is_terminating());
    assert!(!Q::frac(1, 6).is_terminating());
    assert_eq!(Q::frac(9, 16).sqrt_exact(), Some(Q::frac(3, 4)));
    assert_eq!(Q::int(2).sqrt_exact(), None);
}

#[test]
fn big_values_do_not_overflow() {
    let big = Q::from(u64::MAX);
    let product = &big * &big;
    assert_eq!(
        product.to_string(),
        "340282366920938463426481119284349108225"
    );
}

#[test]
fn overflow_falls_back_to_big_and_comes_back_small() {
    let max = Q::int(i64::MAX);
    let past = &max + &Q::one();
    assert_eq!(past.small_parts(), None);
    assert_eq!(past.to_string(), "9223372036854775808");
    assert_eq!((&past - &Q::one()).small_parts(), Some((i64::MAX, 1)));

    // -i64::MIN does not fit; negating back does.
    let min = Q::int(i64::MIN);
    assert_eq!((-&min).small_parts(), None);
    assert_eq!((-(-&min)).small_parts(), Some((i64::MIN, 1)));
    assert_eq!(min.abs().to_string(), "9223372036854775808");
    assert_eq!(Q::frac(1, i64::MIN).to_string(), "-1/9223372036854775808");
    assert_eq!(Q::frac(1, i64::MIN).recip(), Some(min.clone()));
    assert_eq!(Q::frac(i64::MIN, i64::MIN), Q::one());
    assert_eq!(Q::frac(i64::MIN, -2).small_parts(), Some((1 << 62, 1)));

    // A product past i64 that reduces back by a division.
    let a = Q::frac(1 << 62, 3);
    let p = &a * &Q::int(12);
    assert_eq!(p.small_parts(), None);
    assert_eq!(p.to_string(), "18446744073709551616");
    assert_eq!((&p / &Q::int(8)).small_parts(), Some((1 << 61, 1)));
    assert_eq!((&p * &Q::frac(1, 4)).small_parts(), Some((1 << 62, 1)));

    // Sums of huge fractions whose denominators overflow, cancelling exactly.
    let x = Q::frac(i64::MAX, i64::MAX - 1);
    let y = Q::frac(1, i64::MAX - 2);
    let s = &x + &y;
    assert_eq!(s.small_parts(), None);
    assert_eq!(&(&s - &y) - &x, Q::zero());
    assert_eq!((&s - &y).small_parts(), x.small_parts());

    // Powers overflow into big and square roots come back.
    let big_square = Q::frac(4_000_000_007, 3_000_000_019).pow(2);
    assert_eq!(big_square.small_parts(), None);
    assert_eq!(
        big_square.sqrt_exact(),
        Some(Q::frac(4_000_000_007, 3_000_000_019))
    );
    assert_eq!(
        Q::int(3_037_000_499).pow(2).small_parts(),
        Some((9_223_372_030_926_249_001, 1))
    );
    assert_eq!(Q::int(3_037_000_500).pow(2).small_parts(), None);
}

#[test]
fn equal_values_are_equal_and_hash_alike_whatever_the_path() {
    let paths = [
        Q::frac(-3, 4),
        q("-0.75"),
        q("6/-8"),
        q("-75e-2"),
        big("-3", "4"),
        big(
            "-300000000000000000000000000",
            "400000000000000000000000000",
        ),
        &big("-12345678901234567890123", "1") / &big("16460905201646090520164", "1"),
        &(&Q::int(i64::MAX) * &Q::int(3)) / &Q::int(i64::MAX) * Q::frac(-1, 4),
        Q::frac(-3, 4).mul_pow10(40).mul_pow10(-40),
        Q::from_f64(-0.75).unwrap(),
    ];
    for p in &paths {
        assert_eq!(p, &paths[0], "{p:?}");
        assert_eq!(p.small_parts(), Some((-3, 4)));
        assert_eq!(hash_of(p), hash_of(&paths[0]));
        assert_eq!(p.cmp(&paths[0]), Ordering::Equal);
    }
    let huge = [
        big("340282366920938463463374607431768211456", "3"),
        &Q::from(u64::MAX) * &Q::from(u64::MAX) + Q::from(u64::MAX) * Q::int(2) + Q::one(),
    ];
    let same = &(&huge[0] * &Q::int(3)) / &Q::int(3);
    assert_eq!(same, huge[0]);
    assert_eq!(hash_of(&same), hash_of(&huge[0]));
    assert_eq!(
        huge[1].to_string(),
        "340282366920938463463374607431768211456"
    );
    assert_eq!(&huge[0] * &Q::int(3), huge[1]);
}

#[test]
fn order_spans_both_forms() {
    // Ascending, mixing word-sized and big values.
    let ascending = vec![
        &Q::int(i64::MIN) - &Q::frac(1, 2),
        Q::int(i64::MIN),
        Q::int(i64::MIN + 1),
        Q::frac(-1, i64::MAX),
        Q::zero(),
        Q::frac(1, i64::MIN).abs(),
        Q::frac(1, i64::MAX),
        Q::frac(i64::MAX - 1, i64::MAX),
        Q::one(),
        Q::int(i64::MAX),
        &Q::int(i64::MAX) + &Q::frac(1, 3),
        Q::from(u64::MAX),
    ];
    for pair in ascending.windows(2) {
        assert_eq!(pair[0].cmp(&pair[1]), Ordering::Less, "{pair:?}");
        assert_eq!(pair[1].cmp(&pair[0]), Ordering::Greater, "{pair:?}");
        assert!(pair[0] < pair[1]);
    }
    let mut shuffled = ascending.clone();
    shuffled.reverse();
    shuffled.swap(2, 7);
    shuffled.sort();
    assert_eq!(shuffled, ascending);
}

#[test]
fn parses_big_and_word_sized_numbers_alike() {
    assert_eq!(q("9223372036854775807").small_parts(), Some((i64::MAX, 1)));
    assert_eq!(q("9223372036854775808").small_parts(), None);
    assert_eq!(q("-9223372036854775808").small_parts(), Some((i64::MIN, 1)));
    assert_eq!(
        q("0.1234567890123456789"),
        big("1234567890123456789", "10000000000000000000")
    );
    assert_eq!(
        q("123456789012345678901234567890.5").to_string(),
        "246913578024691357802469135781/2"
    );
    assert_eq!(q("1e-30"), Q::one().mul_pow10(-30));
    assert_eq!(q("-2.5e20"), Q::int(-25).mul_pow10(19));
    assert_eq!(q("+1.50"), Q::frac(3, 2));
    assert_eq!(q("-0"), Q::zero());
    assert_eq!(q("-0.0e5"), Q::zero());
    assert_eq!(q(".5"), Q::frac(1, 2));
    assert_eq!(q("5."), Q::int(5));
    assert_eq!(
        q("-18446744073709551616/-36893488147419103232"),
        Q::frac(1, 2)
    );
    // Fractions parse their parts like BigInt does (which allows `_` separators).
    assert_eq!(q("1_000/3"), Q::frac(1000, 3));
    for bad in ["1/+-2", "1_000", "1e", "e5", "1/", "/2", "1/0.5", "0/0"] {
        assert!(bad.parse::<Q>().is_err(), "{bad} parsed");
    }
}

#[test]
fn rounds_on_both_forms_and_past_machine_words() {
    let third = Q::frac(i64::MAX, 3);
    assert_eq!(third.decimal(2).to_string(), "3074457345618258602.33");
    assert_eq!(
        third.decimal(30).to_string(),
        "3074457345618258602.333333333333333333333333333333"
    );
    assert_eq!(
        third.round_to(30),
        third.decimal(30).to_string().parse().unwrap()
    );
    assert_eq!((-&third).decimal(1).to_string(), "-3074457345618258602.3");
    assert_eq!(
        Q::frac(-5, 10_i64.pow(18)).decimal(17).to_string(),
        "-0.00000000000000001"
    );
    assert_eq!(
        Q::frac(-5, 10_i64.pow(18)).decimal(16).to_string(),
        "0.0000000000000000"
    );
    assert_eq!(
        Q::frac(1, 3).decimal(45).to_string(),
        format!("0.{}", "3".repeat(45))
    );
    assert_eq!(
        Q::frac(2, 3).round_to(60).decimal(60).to_string(),
        format!("0.{}7", "6".repeat(59))
    );
    let tie = big("1000000000000000000000000000001", "2");
    assert_eq!(tie.decimal(0).to_string(), "500000000000000000000000000001");
    assert_eq!(
        (-&tie).round_to(0).to_string(),
        "-500000000000000000000000000001"
    );
    assert_eq!(tie.decimal_places(5), Some(1));
    assert!(
        big("1", "30000000000000000000000")
            .decimal_places(40)
            .is_none()
    );
    assert_eq!(
        big("1", "320000000000000000000000").decimal_places(40),
        Some(27)
    );
    assert_eq!(Q::from_scaled(BigInt::from(1250), 45), q("1.25e-42"));
    assert_eq!(
        Q::from_scaled(BigInt::from(-7) * BigInt::from(10).pow(60), 50),
        Q::int(-70_000_000_000)
    );
}
