//! The tolerance of a key answer, as keys.json writes it: `{"abs": x}` or `{"rel": x}` for every
//! entry, or `{"entries": [{"abs": x}, {"rel": y}, ...]}` with one bound per number of the value,
//! in reading order (row by row). Absent: exact (`{"abs": 0}`).

use serde::Deserialize;
use serde_json::Value;

use crate::num::{Q, Real};

pub use crate::solution::Bound;

/// Extra room for a submitted approximation (`ln 2`, `sqrt(2)`), which is accurate to ~45 places.
fn approx_slack() -> Q {
    "1e-40".parse().expect("a decimal")
}

/// Whether `given` is within `bound` of `key`.
pub fn accepts(bound: &Bound, key: &Q, given: &Real) -> bool {
    let mut room = match bound {
        Bound::Abs(x) => x.clone(),
        Bound::Rel(x) => x * &key.abs(),
    };
    if !given.is_exact() {
        room = room + approx_slack();
    }
    (given.value() - key).abs() <= room
}

/// A bound from its JSON object.
fn bound_from_json(value: &Value) -> Option<Bound> {
    let number = |v: &Value| -> Option<Q> {
        match v {
            Value::Number(n) => n.to_string().parse().ok(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    };
    let map = value.as_object()?;
    let bound = match (map.get("abs"), map.get("rel")) {
        (Some(a), None) => Bound::Abs(number(a)?),
        (None, Some(r)) => Bound::Rel(number(r)?),
        _ => return None,
    };
    let (Bound::Abs(x) | Bound::Rel(x)) = &bound;
    (!x.is_negative()).then_some(bound)
}

/// One bound for every entry, or one per entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Tolerance {
    bounds: Vec<Bound>,
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance {
            bounds: vec![Bound::Abs(Q::zero())],
        }
    }
}

impl Tolerance {
    /// The bound of entry `i` (reading order).
    pub fn entry(&self, i: usize) -> &Bound {
        if self.bounds.len() == 1 {
            &self.bounds[0]
        } else {
            self.bounds
                .get(i)
                .unwrap_or(&self.bounds[self.bounds.len() - 1])
        }
    }
}

impl<'de> Deserialize<'de> for Tolerance {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        let bad = || {
            serde::de::Error::custom(format!(
                "tolerance `{value}` is not {{\"abs\": x}}, {{\"rel\": x}} or {{\"entries\": [...]}} with x >= 0"
            ))
        };
        let bounds = match value.get("entries") {
            Some(Value::Array(entries)) if !entries.is_empty() => entries
                .iter()
                .map(bound_from_json)
                .collect::<Option<Vec<_>>>()
                .ok_or_else(bad)?,
            Some(_) => return Err(bad()),
            None => vec![bound_from_json(&value).ok_or_else(bad)?],
        };
        Ok(Tolerance { bounds })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn q(s: &str) -> Q {
        s.parse().unwrap()
    }

    #[test]
    fn bounds_per_entry() {
        let t: Tolerance =
            serde_json::from_value(json!({"entries": [{"abs": 0}, {"rel": "1/1000"}]})).unwrap();
        assert!(accepts(t.entry(0), &q("1"), &Real::Exact(q("1"))));
        assert!(!accepts(t.entry(0), &q("1"), &Real::Exact(q("1.0001"))));
        assert!(accepts(t.entry(1), &q("200"), &Real::Exact(q("200.2"))));
        assert!(!accepts(t.entry(1), &q("200"), &Real::Exact(q("200.3"))));
        let one: Tolerance = serde_json::from_value(json!({"abs": 0.00005})).unwrap();
        assert_eq!(one.entry(7), &Bound::Abs(q("0.00005")));
        for bad in [
            json!({"abs": -1}),
            json!({"abs": 1, "rel": 1}),
            json!({"entries": []}),
            json!(3),
        ] {
            assert!(serde_json::from_value::<Tolerance>(bad).is_err());
        }
    }
}
