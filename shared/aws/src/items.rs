//! The `Items` port on one DynamoDB table (`pk`/`sk` string keys, see `codec` for the layout).

mod codec;

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem};
use mendan_core::ports::{Condition, Item, Items, Key, PortError, PortResult, Write};

use crate::error::{backend, build};
use codec::{condition_expr, from_attributes, key_attributes, to_attributes};

/// DynamoDB's limit on the writes of one TransactWriteItems call.
pub const MAX_TRANSACTION_WRITES: usize = 100;

pub struct DynamoItems {
    client: Client,
    table: String,
}

impl DynamoItems {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }

    /// A consistent Query of partition `pk` under `key_condition`, in sort-key order (`forward`) or reversed.
    fn query_request(&self, key_condition: &str, pk: &str, forward: bool) -> QueryFluentBuilder {
        self.client
            .query()
            .table_name(&self.table)
            .key_condition_expression(key_condition)
            .expression_attribute_values(":pk", AttributeValue::S(pk.to_owned()))
            .consistent_read(true)
            .scan_index_forward(forward)
    }

    fn transact_item(&self, write: Write) -> PortResult<TransactWriteItem> {
        let item = match write {
            Write::Put { item, condition } => {
                let cond = condition_expr(condition);
                let put = Put::builder()
                    .table_name(&self.table)
                    .set_item(Some(to_attributes(&item)?))
                    .set_condition_expression(cond.expression)
                    .set_expression_attribute_values(cond.values)
                    .build()
                    .map_err(|e| build("dynamodb Put", e))?;
                TransactWriteItem::builder().put(put).build()
            }
            Write::Delete { key, condition } => {
                let cond = condition_expr(condition);
                let delete = Delete::builder()
                    .table_name(&self.table)
                    .set_key(Some(key_attributes(&key)))
                    .set_condition_expression(cond.expression)
                    .set_expression_attribute_values(cond.values)
                    .build()
                    .map_err(|e| build("dynamodb Delete", e))?;
                TransactWriteItem::builder().delete(delete).build()
            }
        };
        Ok(item)
    }
}

/// A transaction is refused as a whole; it is a condition failure when any write's condition failed.
fn transaction_error(err: aws_sdk_dynamodb::error::SdkError<TransactWriteItemsError>) -> PortError {
    if let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) = err.as_service_error()
        && cancelled.cancellation_reasons().iter().any(|r| r.code() == Some("ConditionalCheckFailed"))
    {
        return PortError::ConditionFailed;
    }
    backend("dynamodb TransactWriteItems", &err)
}

#[async_trait]
impl Items for DynamoItems {
    async fn get(&self, key: &Key) -> PortResult<Option<Item>> {
        // Strongly consistent: callers read a version and then write conditionally on it.
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_attributes(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| backend("dynamodb GetItem", &e))?;
        out.item().map(from_attributes).transpose()
    }

    async fn put(&self, item: Item, condition: Condition) -> PortResult<()> {
        let cond = condition_expr(condition);
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(to_attributes(&item)?))
            .set_condition_expression(cond.expression)
            .set_expression_attribute_values(cond.values)
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                Some(se) if se.is_conditional_check_failed_exception() => PortError::ConditionFailed,
                _ => backend("dynamodb PutItem", &e),
            })?;
        Ok(())
    }

    async fn delete(&self, key: &Key, condition: Condition) -> PortResult<()> {
        let cond = condition_expr(condition);
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key_attributes(key)))
            .set_condition_expression(cond.expression)
            .set_expression_attribute_values(cond.values)
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                Some(se) if se.is_conditional_check_failed_exception() => PortError::ConditionFailed,
                _ => backend("dynamodb DeleteItem", &e),
            })?;
        Ok(())
    }

    async fn query(&self, pk: &str, sk_prefix: &str) -> PortResult<Vec<Item>> {
        // begins_with refuses an empty operand, so the whole partition is asked for without it.
        let expression = if sk_prefix.is_empty() { "pk = :pk" } else { "pk = :pk AND begins_with(sk, :p)" };
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let mut request = self.query_request(expression, pk, true).set_exclusive_start_key(start.take());
            if !sk_prefix.is_empty() {
                request = request.expression_attribute_values(":p", AttributeValue::S(sk_prefix.to_owned()));
            }
            let page = request.send().await.map_err(|e| backend("dynamodb Query", &e))?;
            for attrs in page.items() {
                items.push(from_attributes(attrs)?);
            }
            match page.last_evaluated_key() {
                Some(last) if !last.is_empty() => start = Some(last.clone()),
                _ => return Ok(items),
            }
        }
    }

    async fn query_newest(
        &self,
        pk: &str,
        sk_prefix: &str,
        before: Option<&str>,
        limit: usize,
    ) -> PortResult<Vec<Item>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        // A key condition holds one sort-key test: below a cursor that starts with the prefix,
        // BETWEEN prefix AND cursor selects exactly the prefix's keys up to the cursor (inclusive,
        // so the cursor's own item is skipped below). Keys outside the prefix cannot sort between.
        // A cursor outside the prefix bounds nothing (all the prefix's keys sort below it) or
        // everything (none sorts below it).
        let before = match before {
            Some(b) if !b.starts_with(sk_prefix) && b <= sk_prefix => return Ok(Vec::new()),
            Some(b) if !b.starts_with(sk_prefix) => None,
            other => other,
        };
        let expression = match (before, sk_prefix.is_empty()) {
            (Some(_), _) => "pk = :pk AND sk BETWEEN :p AND :before",
            (None, true) => "pk = :pk",
            (None, false) => "pk = :pk AND begins_with(sk, :p)",
        };
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let wanted = limit - items.len() + usize::from(before.is_some());
            let mut request = self
                .query_request(expression, pk, false)
                .limit(i32::try_from(wanted).unwrap_or(i32::MAX))
                .set_exclusive_start_key(start.take());
            if !sk_prefix.is_empty() || before.is_some() {
                request = request.expression_attribute_values(":p", AttributeValue::S(sk_prefix.to_owned()));
            }
            if let Some(before) = before {
                request = request.expression_attribute_values(":before", AttributeValue::S(before.to_owned()));
            }
            let page = request.send().await.map_err(|e| backend("dynamodb Query", &e))?;
            for attrs in page.items() {
                let item = from_attributes(attrs)?;
                if Some(item.key.sk.as_str()) != before && items.len() < limit {
                    items.push(item);
                }
            }
            match page.last_evaluated_key() {
                Some(last) if !last.is_empty() && items.len() < limit => start = Some(last.clone()),
                _ => return Ok(items),
            }
        }
    }

    async fn transact(&self, writes: Vec<Write>) -> PortResult<()> {
        if writes.is_empty() {
            return Ok(());
        }
        if writes.len() > MAX_TRANSACTION_WRITES {
            return Err(PortError::Invalid(format!(
                "a transaction holds at most {MAX_TRANSACTION_WRITES} writes, not {}",
                writes.len()
            )));
        }
        let items = writes.into_iter().map(|w| self.transact_item(w)).collect::<PortResult<Vec<_>>>()?;
        self.client.transact_write_items().set_transact_items(Some(items)).send().await.map_err(transaction_error)?;
        Ok(())
    }
}
