//! Repositories, written once over the [`Items`] port. Everything a tenant owns sits in partition
//! `T#{tenant}`, and a [`TenantStore`] can only address that partition: no query leaves its tenant.

pub mod keys;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::TenantSlug;
use crate::ports::{Condition, Item, Items, Key, Write};
use crate::{CoreError, CoreResult};

/// A stored entity: its name for messages and the sort key it lives under.
pub trait Entity: Serialize + DeserializeOwned + Send + Sync {
    const NAME: &'static str;
    fn sort_key(&self) -> String;
}

/// A value together with the version it was read at, for conditional updates.
#[derive(Clone, Debug)]
pub struct Versioned<T> {
    pub value: T,
    pub version: u64,
}

pub fn tenant_pk(tenant: &TenantSlug) -> String {
    format!("T#{tenant}")
}

pub struct TenantStore<'a> {
    items: &'a dyn Items,
    pk: String,
}

impl<'a> TenantStore<'a> {
    pub fn new(items: &'a dyn Items, tenant: &TenantSlug) -> Self {
        Self { items, pk: tenant_pk(tenant) }
    }

    pub fn key(&self, sk: impl Into<String>) -> Key {
        Key::new(self.pk.clone(), sk)
    }

    pub async fn find<E: Entity>(&self, sk: &str) -> CoreResult<Option<Versioned<E>>> {
        match self.items.get(&self.key(sk)).await? {
            Some(item) => Ok(Some(Versioned { value: decode(item.body)?, version: item.version })),
            None => Ok(None),
        }
    }

    /// Like [`find`](Self::find), but a missing item is `NotFound` named after the entity.
    pub async fn get<E: Entity>(&self, sk: &str) -> CoreResult<Versioned<E>> {
        self.find(sk).await?.ok_or(CoreError::NotFound { entity: E::NAME })
    }

    pub async fn list<E: Entity>(&self, sk_prefix: &str) -> CoreResult<Vec<E>> {
        let items = self.items.query(&self.pk, sk_prefix).await?;
        items.into_iter().map(|i| decode(i.body)).collect()
    }

    /// Whether anything is stored under `sk_prefix` (whatever its type).
    pub async fn holds_any(&self, sk_prefix: &str) -> CoreResult<bool> {
        Ok(!self.items.query_newest(&self.pk, sk_prefix, None, 1).await?.is_empty())
    }

    /// At most `limit` entities under `sk_prefix`, greatest sort key first, below `before`.
    pub async fn list_newest<E: Entity>(
        &self,
        sk_prefix: &str,
        before: Option<&str>,
        limit: usize,
    ) -> CoreResult<Vec<E>> {
        let items = self.items.query_newest(&self.pk, sk_prefix, before, limit).await?;
        items.into_iter().map(|i| decode(i.body)).collect()
    }

    pub async fn create<E: Entity>(&self, value: &E) -> CoreResult<()> {
        self.commit(vec![self.create_write(value)?]).await
    }

    pub async fn update<E: Entity>(&self, value: &E, read_version: u64) -> CoreResult<()> {
        self.commit(vec![self.update_write(value, read_version)?]).await
    }

    /// Writes whatever is stored (for records that are replaced as a whole, like a rater's rating).
    pub async fn replace<E: Entity>(&self, value: &E) -> CoreResult<()> {
        let item = self.item(value.sort_key(), value, 1)?;
        Ok(self.items.put(item, Condition::Any).await?)
    }

    /// [`replace`](Self::replace) as a write of a transaction.
    pub fn replace_write<E: Entity>(&self, value: &E) -> CoreResult<Write> {
        Ok(Write::Put { item: self.item(value.sort_key(), value, 1)?, condition: Condition::Any })
    }

    pub fn create_write<E: Entity>(&self, value: &E) -> CoreResult<Write> {
        Ok(Write::Put { item: self.item(value.sort_key(), value, 1)?, condition: Condition::Absent })
    }

    pub fn update_write<E: Entity>(&self, value: &E, read_version: u64) -> CoreResult<Write> {
        Ok(Write::Put {
            item: self.item(value.sort_key(), value, read_version + 1)?,
            condition: Condition::Version(read_version),
        })
    }

    /// A raw item under this tenant (for index entries that are not entities).
    pub fn raw_create_write(&self, sk: String, body: serde_json::Value) -> Write {
        Write::Put { item: Item { key: self.key(sk), version: 1, body }, condition: Condition::Absent }
    }

    pub async fn raw_get(&self, sk: &str) -> CoreResult<Option<serde_json::Value>> {
        Ok(self.items.get(&self.key(sk)).await?.map(|i| i.body))
    }

    /// Removes items this request created (version 1, as `create_write` wrote them) when a later
    /// step failed; an item changed since then is left alone.
    pub async fn undo_create(&self, sort_keys: Vec<String>) -> CoreResult<()> {
        let writes = sort_keys
            .into_iter()
            .map(|sk| Write::Delete { key: self.key(sk), condition: Condition::Version(1) })
            .collect();
        self.commit(writes).await
    }

    /// Deletes the item if it is still at `version` (`None`: whatever is stored); a missing item
    /// is no error.
    pub async fn remove(&self, sk: &str, version: Option<u64>) -> CoreResult<()> {
        let condition = version.map_or(Condition::Any, Condition::Version);
        match self.items.delete(&self.key(sk), condition).await {
            Ok(()) | Err(crate::ports::PortError::NotFound) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Runs the writes as one transaction; a failed condition becomes a `Conflict`.
    pub async fn commit(&self, writes: Vec<Write>) -> CoreResult<()> {
        Ok(self.items.transact(writes).await?)
    }

    fn item<E: Serialize>(&self, sk: String, value: &E, version: u64) -> CoreResult<Item> {
        let body = serde_json::to_value(value).map_err(|e| CoreError::Backend(format!("encode: {e}")))?;
        Ok(Item { key: self.key(sk), version, body })
    }
}

fn decode<E: DeserializeOwned>(body: serde_json::Value) -> CoreResult<E> {
    serde_json::from_value(body).map_err(|e| CoreError::Backend(format!("stored item does not decode: {e}")))
}
