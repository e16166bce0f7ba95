//! The table's attribute layout: `pk`, `sk` (strings), `version` (number), `body` (JSON text).

use aws_sdk_dynamodb::types::AttributeValue;
use mendan_core::ports::{Condition, Item, Key, PortError, PortResult};
use std::collections::HashMap;

pub(crate) type Attributes = HashMap<String, AttributeValue>;

pub(crate) fn key_attributes(key: &Key) -> Attributes {
    HashMap::from([
        ("pk".to_owned(), AttributeValue::S(key.pk.clone())),
        ("sk".to_owned(), AttributeValue::S(key.sk.clone())),
    ])
}

pub(crate) fn to_attributes(item: &Item) -> PortResult<Attributes> {
    let body = serde_json::to_string(&item.body).map_err(|e| PortError::Invalid(format!("item body: {e}")))?;
    let mut attrs = key_attributes(&item.key);
    attrs.insert("version".into(), AttributeValue::N(item.version.to_string()));
    attrs.insert("body".into(), AttributeValue::S(body));
    Ok(attrs)
}

/// A stored item that does not have our layout is a backend fault (someone else wrote it).
pub(crate) fn from_attributes(attrs: &Attributes) -> PortResult<Item> {
    let string = |name: &str| match attrs.get(name) {
        Some(AttributeValue::S(s)) => Ok(s.clone()),
        _ => Err(malformed(attrs, name)),
    };
    let version = match attrs.get("version") {
        Some(AttributeValue::N(n)) => n.parse::<u64>().map_err(|_| malformed(attrs, "version"))?,
        _ => return Err(malformed(attrs, "version")),
    };
    let body = serde_json::from_str(&string("body")?).map_err(|_| malformed(attrs, "body"))?;
    Ok(Item { key: Key::new(string("pk")?, string("sk")?), version, body })
}

fn malformed(attrs: &Attributes, attribute: &str) -> PortError {
    // Name the key, never the body: bodies may hold personal data.
    let key = |n: &str| match attrs.get(n) {
        Some(AttributeValue::S(s)) => s.clone(),
        _ => "?".into(),
    };
    PortError::Backend(format!("dynamodb item {}/{} has no valid `{attribute}`", key("pk"), key("sk")))
}

/// A condition as DynamoDB expression text plus its placeholder values.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ConditionExpr {
    pub expression: Option<String>,
    pub values: Option<Attributes>,
}

pub(crate) fn condition_expr(condition: Condition) -> ConditionExpr {
    match condition {
        Condition::Any => ConditionExpr::default(),
        Condition::Absent => ConditionExpr { expression: Some("attribute_not_exists(pk)".into()), values: None },
        Condition::Version(v) => ConditionExpr {
            expression: Some("version = :v".into()),
            values: Some(HashMap::from([(":v".to_owned(), AttributeValue::N(v.to_string()))])),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn items_round_trip() {
        let item = Item { key: Key::new("T#acme", "USER#1"), version: 7, body: json!({"a": [1, "二"]}) };
        let attrs = to_attributes(&item).expect("encodes");
        assert_eq!(attrs.get("version"), Some(&AttributeValue::N("7".into())));
        assert_eq!(from_attributes(&attrs).expect("decodes"), item);
    }

    #[test]
    fn a_foreign_item_is_a_backend_error() {
        let mut attrs = key_attributes(&Key::new("T#acme", "X"));
        attrs.insert("version".into(), AttributeValue::S("one".into()));
        assert!(matches!(from_attributes(&attrs), Err(PortError::Backend(_))));
    }

    #[test]
    fn conditions_become_expressions() {
        assert_eq!(condition_expr(Condition::Any), ConditionExpr::default());
        assert_eq!(condition_expr(Condition::Absent).expression.as_deref(), Some("attribute_not_exists(pk)"));
        let v = condition_expr(Condition::Version(3));
        assert_eq!(v.expression.as_deref(), Some("version = :v"));
        assert_eq!(v.values.and_then(|m| m.get(":v").cloned()), Some(AttributeValue::N("3".into())));
    }
}
