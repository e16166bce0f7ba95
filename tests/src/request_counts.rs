//! What an interview asks of the table and the bucket (issue 21 item 4, the cost per interview): ports that pass
//! every call on to the real adapters and count it, with DynamoDB's capacity units estimated from the items' sizes
//! as DynamoDB bills them on demand — a strongly consistent read (what the AWS adapter asks for) is one read unit
//! per 4 KB read, a write one write unit per 1 KB written, and both count twice inside a transaction.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use mendan_core::ports::{
    Condition, Item, Items, Key, ObjectInfo, Objects, PortResult, PresignedRequest, ScanVerdict, Write,
};

/// Requests and capacity units counted so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    pub item_gets: u64,
    pub item_queries: u64,
    pub item_puts: u64,
    pub item_deletes: u64,
    pub transactions: u64,
    pub read_units: f64,
    pub write_units: f64,
    pub object_puts: u64,
    pub object_gets: u64,
    pub object_lists: u64,
    pub object_deletes: u64,
    pub presigned: u64,
    pub bytes_put: u64,
}

impl Tally {
    /// As one JSON object, the line `tests/bench/cost.py` reads.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "item_gets": self.item_gets, "item_queries": self.item_queries, "item_puts": self.item_puts,
            "item_deletes": self.item_deletes, "transactions": self.transactions,
            "read_units": self.read_units, "write_units": self.write_units,
            "object_puts": self.object_puts, "object_gets": self.object_gets, "object_lists": self.object_lists,
            "object_deletes": self.object_deletes, "presigned": self.presigned, "bytes_put": self.bytes_put,
        })
    }

    /// What was counted since `earlier`.
    pub fn since(&self, earlier: &Tally) -> Tally {
        Tally {
            item_gets: self.item_gets - earlier.item_gets,
            item_queries: self.item_queries - earlier.item_queries,
            item_puts: self.item_puts - earlier.item_puts,
            item_deletes: self.item_deletes - earlier.item_deletes,
            transactions: self.transactions - earlier.transactions,
            read_units: self.read_units - earlier.read_units,
            write_units: self.write_units - earlier.write_units,
            object_puts: self.object_puts - earlier.object_puts,
            object_gets: self.object_gets - earlier.object_gets,
            object_lists: self.object_lists - earlier.object_lists,
            object_deletes: self.object_deletes - earlier.object_deletes,
            presigned: self.presigned - earlier.presigned,
            bytes_put: self.bytes_put - earlier.bytes_put,
        }
    }
}

/// The shared tally both counting ports add to.
pub type Counter = Arc<Mutex<Tally>>;

/// Roughly the bytes DynamoDB counts for an item: its key and body attributes' names and values.
fn item_size(item: &Item) -> usize {
    item.key.pk.len() + item.key.sk.len() + item.body.to_string().len() + 24
}

fn read_units(bytes: usize) -> f64 {
    bytes.div_ceil(4096).max(1) as f64
}

fn write_units(bytes: usize) -> f64 {
    bytes.div_ceil(1024).max(1) as f64
}

/// Adds to the shared tally.
fn add(counter: &Counter, change: impl FnOnce(&mut Tally)) {
    change(&mut counter.lock().expect("tally"));
}

pub struct CountingItems {
    pub inner: Arc<dyn Items>,
    pub counter: Counter,
}

impl CountingItems {
    fn add(&self, change: impl FnOnce(&mut Tally)) {
        add(&self.counter, change);
    }

    /// One query's items: a query is billed for everything it read, rounded up once.
    fn queried(&self, found: PortResult<Vec<Item>>) -> PortResult<Vec<Item>> {
        let found = found?;
        let units = read_units(found.iter().map(item_size).sum());
        self.add(|t| {
            t.item_queries += 1;
            t.read_units += units;
        });
        Ok(found)
    }
}

#[async_trait]
impl Items for CountingItems {
    async fn get(&self, key: &Key) -> PortResult<Option<Item>> {
        let found = self.inner.get(key).await?;
        let units = read_units(found.as_ref().map_or(0, item_size));
        self.add(|t| {
            t.item_gets += 1;
            t.read_units += units;
        });
        Ok(found)
    }

    async fn put(&self, item: Item, condition: Condition) -> PortResult<()> {
        let units = write_units(item_size(&item));
        self.add(|t| {
            t.item_puts += 1;
            t.write_units += units;
        });
        self.inner.put(item, condition).await
    }

    async fn delete(&self, key: &Key, condition: Condition) -> PortResult<()> {
        self.add(|t| {
            t.item_deletes += 1;
            t.write_units += 1.0;
        });
        self.inner.delete(key, condition).await
    }

    async fn query(&self, pk: &str, sk_prefix: &str) -> PortResult<Vec<Item>> {
        self.queried(self.inner.query(pk, sk_prefix).await)
    }

    async fn query_newest(
        &self,
        pk: &str,
        sk_prefix: &str,
        before: Option<&str>,
        limit: usize,
    ) -> PortResult<Vec<Item>> {
        self.queried(self.inner.query_newest(pk, sk_prefix, before, limit).await)
    }

    async fn transact(&self, writes: Vec<Write>) -> PortResult<()> {
        let units: f64 = writes
            .iter()
            .map(|w| match w {
                Write::Put { item, .. } => 2.0 * write_units(item_size(item)),
                Write::Delete { .. } => 2.0,
            })
            .sum();
        self.add(|t| {
            t.transactions += 1;
            t.write_units += units;
        });
        self.inner.transact(writes).await
    }
}

pub struct CountingObjects {
    pub inner: Arc<dyn Objects>,
    pub counter: Counter,
}

impl CountingObjects {
    fn add(&self, change: impl FnOnce(&mut Tally)) {
        add(&self.counter, change);
    }
}

#[async_trait]
impl Objects for CountingObjects {
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> PortResult<ObjectInfo> {
        let size = bytes.len() as u64;
        self.add(|t| {
            t.object_puts += 1;
            t.bytes_put += size;
        });
        self.inner.put(key, bytes, content_type).await
    }

    async fn get(&self, key: &str) -> PortResult<Option<Vec<u8>>> {
        self.add(|t| t.object_gets += 1);
        self.inner.get(key).await
    }

    async fn download_to(&self, key: &str, dest: &std::path::Path) -> PortResult<Option<ObjectInfo>> {
        self.add(|t| t.object_gets += 1);
        self.inner.download_to(key, dest).await
    }

    async fn head(&self, key: &str) -> PortResult<Option<ObjectInfo>> {
        self.add(|t| t.object_gets += 1);
        self.inner.head(key).await
    }

    async fn delete(&self, key: &str) -> PortResult<()> {
        self.add(|t| t.object_deletes += 1);
        self.inner.delete(key).await
    }

    async fn list(&self, prefix: &str) -> PortResult<Vec<ObjectInfo>> {
        self.add(|t| t.object_lists += 1);
        self.inner.list(prefix).await
    }

    async fn erase_prefix(&self, prefix: &str) -> PortResult<u64> {
        self.add(|t| t.object_lists += 1);
        let erased = self.inner.erase_prefix(prefix).await?;
        self.add(|t| t.object_deletes += erased);
        Ok(erased)
    }

    async fn put_file(&self, key: &str, path: &std::path::Path, content_type: &str) -> PortResult<ObjectInfo> {
        let info = self.inner.put_file(key, path, content_type).await?;
        self.add(|t| {
            t.object_puts += 1;
            t.bytes_put += info.size;
        });
        Ok(info)
    }

    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        ttl: Duration,
    ) -> PortResult<PresignedRequest> {
        // The browser's PUT with this link is one more request on the bucket, counted here.
        self.add(|t| {
            t.presigned += 1;
            t.object_puts += 1;
            t.bytes_put += size;
        });
        self.inner.presign_put(key, content_type, size, ttl).await
    }

    async fn presign_get(&self, key: &str, ttl: Duration) -> PortResult<PresignedRequest> {
        self.add(|t| t.presigned += 1);
        self.inner.presign_get(key, ttl).await
    }

    async fn scan_verdict(&self, key: &str) -> PortResult<ScanVerdict> {
        self.inner.scan_verdict(key).await
    }
}
