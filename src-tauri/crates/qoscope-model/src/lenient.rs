//! Deserializers that accept whatever Zoom (or a proxy, or a broken account) sends.
//!
//! A scalar field is read as a [`RawScalar`]: a string, a number, or `Invalid` for anything
//! else (an object where a string belongs, a boolean, …). Nothing here fails a whole page
//! because one field has an unexpected type; the derivation step reports such fields.

use crate::metric::{parse_metric_number, parse_metric_str, Metric, MetricParseError, MetricValue, Stream};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// One scalar value as Zoom sent it.
#[derive(Debug, Clone, PartialEq)]
pub enum RawScalar {
    Str(String),
    Int(i64),
    Float(f64),
    /// Present but of a type that makes no sense here (object, array, boolean).
    Invalid,
}

impl RawScalar {
    /// The value as text: strings as they are, numbers printed, `None` for invalid values.
    pub fn as_text(&self) -> Option<String> {
        match self {
            RawScalar::Str(s) => Some(s.clone()),
            RawScalar::Int(i) => Some(i.to_string()),
            RawScalar::Float(f) => Some(f.to_string()),
            RawScalar::Invalid => None,
        }
    }
}

struct RawScalarVisitor;

impl<'de> Visitor<'de> for RawScalarVisitor {
    type Value = RawScalar;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawScalar, E> {
        Ok(RawScalar::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<RawScalar, E> {
        Ok(RawScalar::Str(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawScalar, E> {
        Ok(RawScalar::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawScalar, E> {
        Ok(i64::try_from(v).map(RawScalar::Int).unwrap_or(RawScalar::Float(v as f64)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawScalar, E> {
        Ok(RawScalar::Float(v))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawScalar, E> {
        Ok(RawScalar::Invalid)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawScalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(RawScalar::Invalid)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawScalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(RawScalar::Invalid)
    }
}

impl<'de> Deserialize<'de> for RawScalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawScalarVisitor)
    }
}

/// A key of a QoS sample, read without allocating.
pub enum SampleKey {
    DateTime,
    Stream(Stream),
    Unknown,
}

pub struct SampleKeySeed;

impl<'de> DeserializeSeed<'de> for SampleKeySeed {
    type Value = SampleKey;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<SampleKey, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SampleKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a sample key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SampleKey, E> {
                Ok(match v {
                    "date_time" => SampleKey::DateTime,
                    other => Stream::from_key(other).map_or(SampleKey::Unknown, SampleKey::Stream),
                })
            }
        }
        d.deserialize_str(V)
    }
}

/// Reads one stream object's known metrics into `values` (and what could not be read into
/// `errors`; Zoom's `""` goes nowhere); `false` when the value is not an object (`null` counts
/// as an empty object: no data).
pub struct StreamObjectSeed<'a> {
    pub stream: Stream,
    pub values: &'a mut Vec<(Stream, Metric, MetricValue)>,
    pub errors: &'a mut Vec<(Stream, Metric, MetricParseError)>,
}

impl<'de> DeserializeSeed<'de> for StreamObjectSeed<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StreamObjectSeed<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of metrics")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while let Some(key) = map.next_key_seed(MetricKeySeed)? {
            match key {
                Some(metric) => match map.next_value_seed(MetricValueSeed(metric))? {
                    Ok(Some(value)) => self.values.push((self.stream, metric, value)),
                    Ok(None) => {}
                    Err(e) => self.errors.push((self.stream, metric, e)),
                },
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(true)
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
}

/// Reads a key as a [`Metric`] without allocating; `None` for keys QoScope does not know.
struct MetricKeySeed;

impl<'de> DeserializeSeed<'de> for MetricKeySeed {
    type Value = Option<Metric>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<Metric>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Option<Metric>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a metric name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<Metric>, E> {
                Ok(Metric::from_key(v))
            }
        }
        d.deserialize_str(V)
    }
}

/// Reads a metric's value and parses it for that metric.
struct MetricValueSeed(Metric);

impl<'de> DeserializeSeed<'de> for MetricValueSeed {
    type Value = Result<Option<MetricValue>, MetricParseError>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MetricValueSeed {
    type Value = Result<Option<MetricValue>, MetricParseError>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a metric value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(parse_metric_str(self.0, v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(parse_metric_number(self.0, v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(parse_metric_number(self.0, v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(parse_metric_number(self.0, v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Ok(None))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Ok(None))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err(MetricParseError::WrongType { metric: self.0.key() }))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err(MetricParseError::WrongType { metric: self.0.key() }))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Err(MetricParseError::WrongType { metric: self.0.key() }))
    }
}

/// A list that tolerates `null`, a single scalar, or elements of the wrong type.
pub fn lenient_string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<Option<RawScalar>>),
        One(Option<RawScalar>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::Many(v) => v.into_iter().flatten().filter_map(|s| s.as_text()).collect(),
        OneOrMany::One(s) => s.and_then(|s| s.as_text()).into_iter().collect(),
    })
}

/// A list of items where each item that is not the expected object is skipped and counted,
/// rather than failing the whole response.
#[derive(Debug, Clone)]
pub struct LenientList<T> {
    pub items: Vec<T>,
    /// Elements that were not objects of the expected shape.
    pub rejected: usize,
}

impl<T> Default for LenientList<T> {
    fn default() -> Self {
        LenientList { items: Vec::new(), rejected: 0 }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for LenientList<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = LenientList<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = LenientList { items: Vec::new(), rejected: 0 };
                while let Some(item) = seq.next_element::<MaybeItem<T>>()? {
                    match item {
                        MaybeItem::Item(t) => out.items.push(t),
                        MaybeItem::Rejected => out.rejected += 1,
                    }
                }
                Ok(out)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(LenientList::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(LenientList::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(LenientList { items: Vec::new(), rejected: 1 })
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(LenientList { items: Vec::new(), rejected: 1 })
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(LenientList { items: Vec::new(), rejected: 1 })
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(LenientList { items: Vec::new(), rejected: 1 })
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(LenientList { items: Vec::new(), rejected: 1 })
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(LenientList { items: Vec::new(), rejected: 1 })
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// An element of a [`LenientList`]: objects go to `T`, anything else is rejected.
enum MaybeItem<T> {
    Item(T),
    Rejected,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for MaybeItem<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Objects are handed to T (whose own fields are lenient); other JSON values are skipped.
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = MaybeItem<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(MaybeItem::Item)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(MaybeItem::Rejected)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(MaybeItem::Rejected)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(MaybeItem::Rejected)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(MaybeItem::Rejected)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(MaybeItem::Rejected)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(MaybeItem::Rejected)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(MaybeItem::Rejected)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}
