//! [`Nested`]: a params field holding a number or nested arrays of numbers (a vector, a
//! matrix, an `[N][C][H][W]` tensor), parsed strictly: every leaf a number (integer, decimal or
//! fraction string), no ragged or empty arrays, at most [`MAX_ELEMENTS`] entries, numbers of at
//! most [`MAX_BITS`] bits. It serializes back to exactly what it accepts (non-terminating
//! fractions as strings like `"1/3"`, so params round-trip).

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::num::{Q, Real};
use crate::solution::json_number;
use crate::tensor::Tensor;

/// Entries a nested field may hold (far beyond any exam tensor; keeps every solve instant).
pub const MAX_ELEMENTS: usize = 1024;
/// Bits of a numerator or denominator (about 1,200 digits; every decimal with an exponent up to
/// ±400, the limit of the number parser, fits).
pub const MAX_BITS: u64 = 4096;

/// A number or nested arrays of numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Nested {
    /// The shape: `[]` for a number, `[d]` for a vector, ...
    pub shape: Vec<usize>,
    /// The entries, row-major.
    pub data: Vec<Q>,
}

impl Nested {
    /// A number.
    pub fn scalar(q: Q) -> Self {
        Nested {
            shape: vec![],
            data: vec![q],
        }
    }

    /// A vector.
    pub fn vector(values: Vec<Q>) -> Self {
        Nested {
            shape: vec![values.len()],
            data: values,
        }
    }

    /// A tensor of the given shape (row-major data).
    pub fn new(shape: Vec<usize>, data: Vec<Q>) -> Self {
        debug_assert_eq!(shape.iter().product::<usize>(), data.len());
        Nested { shape, data }
    }

    /// The exact tensor.
    pub fn to_tensor(&self) -> Tensor<Real> {
        Tensor::new(
            self.shape.clone(),
            self.data.iter().cloned().map(Real::Exact).collect(),
        )
    }

    /// The shape written like `[2][3]` (or "a number").
    pub fn shape_text(&self) -> String {
        if self.shape.is_empty() {
            "a single number".into()
        } else {
            self.shape.iter().map(|n| format!("[{n}]")).collect()
        }
    }
}

/// Checks the size of a parsed number.
pub fn check_size(q: &Q) -> Result<(), String> {
    if q.numer().bits() > MAX_BITS || q.denom().bits() > MAX_BITS {
        let bits = q.numer().bits().max(q.denom().bits());
        Err(format!(
            "a number of {bits} bits is too large (limit {MAX_BITS} bits, about 1,200 digits)"
        ))
    } else {
        Ok(())
    }
}

fn leaf(value: &Value, path: &str) -> Result<Q, String> {
    let q = match value {
        Value::Number(n) => n
            .to_string()
            .parse::<Q>()
            .map_err(|e| format!("{path}: {e}"))?,
        Value::String(s) => s.parse::<Q>().map_err(|e| format!("{path}: {e}"))?,
        Value::Bool(b) => return Err(format!("{path}: expected a number, got the boolean {b}")),
        Value::Null => return Err(format!("{path}: expected a number, got null")),
        Value::Object(_) => return Err(format!("{path}: expected a number, got an object")),
        Value::Array(_) => unreachable!("arrays are walked"),
    };
    check_size(&q).map_err(|e| format!("{path}: {e}"))?;
    Ok(q)
}

fn walk(value: &Value, path: &str, depth: usize, out: &mut Vec<Q>) -> Result<Vec<usize>, String> {
    let Value::Array(items) = value else {
        out.push(leaf(value, path)?);
        return Ok(vec![]);
    };
    if depth >= 4 {
        return Err(format!("{path}: nested deeper than 4 levels"));
    }
    if items.is_empty() {
        return Err(format!("{path}: empty array"));
    }
    let mut shape: Option<Vec<usize>> = None;
    for (i, item) in items.iter().enumerate() {
        let inner = walk(item, &format!("{path}[{i}]"), depth + 1, out)?;
        match &shape {
            None => shape = Some(inner),
            Some(first) if *first != inner => {
                return Err(format!(
                    "{path}: ragged array: entry {i} has shape {inner:?}, entry 0 has {first:?} (every row must have the same length)"
                ));
            }
            Some(_) => {}
        }
        if out.len() > MAX_ELEMENTS {
            return Err(format!(
                "more than {MAX_ELEMENTS} entries (dlexam's limit for one tensor)"
            ));
        }
    }
    let mut full = vec![items.len()];
    full.extend(shape.unwrap_or_default());
    Ok(full)
}

/// Parses a JSON value as [`Nested`], with messages that say where inside it the problem is.
pub fn parse(value: &Value) -> Result<Nested, String> {
    let mut data = Vec::new();
    let shape = walk(value, "entry", 0, &mut data)?;
    Ok(Nested { shape, data })
}

impl<'de> Deserialize<'de> for Nested {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        parse(&value).map_err(de::Error::custom)
    }
}

/// A JSON number when it is exact in decimal, else a fraction string.
pub fn json_exact(q: &Q) -> Value {
    if q.is_integer() || q.exact_decimal(30).is_some() {
        json_number(q)
    } else {
        Value::String(q.to_string())
    }
}

fn build(shape: &[usize], data: &[Q]) -> Value {
    match shape.split_first() {
        None => json_exact(&data[0]),
        Some((n, rest)) => {
            let size = rest.iter().product::<usize>();
            Value::Array(
                (0..*n)
                    .map(|i| build(rest, &data[i * size..(i + 1) * size]))
                    .collect(),
            )
        }
    }
}

impl Serialize for Nested {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        build(&self.shape, &self.data).serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_shapes_and_refuses_ragged_or_non_numbers() {
        let n: Nested = serde_json::from_value(json!([[1, "1/2"], [0.25, -3]])).unwrap();
        assert_eq!(n.shape, vec![2, 2]);
        assert_eq!(n.data[1], Q::frac(1, 2));
        assert_eq!(
            serde_json::to_value(&n).unwrap(),
            json!([[1, 0.5], [0.25, -3]])
        );
        let third: Nested = serde_json::from_value(json!(["1/3"])).unwrap();
        assert_eq!(serde_json::to_value(&third).unwrap(), json!(["1/3"]));
        let s: Nested = serde_json::from_value(json!(1)).unwrap();
        assert!(s.shape.is_empty());
        for (bad, needle) in [
            (json!([[1, 2], [3]]), "ragged"),
            (json!([1, "x"]), "entry[1]"),
            (json!([]), "empty"),
            (json!([true]), "boolean"),
            (json!([[[[[1]]]]]), "deeper"),
            (json!(vec![0; 2000]), "more than"),
        ] {
            let e = serde_json::from_value::<Nested>(bad)
                .unwrap_err()
                .to_string();
            assert!(e.contains(needle), "{e}");
        }
    }
}
