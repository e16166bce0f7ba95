//! The data directory's signing secret (JWTs, object URLs): 32 random bytes, made on first start.

use std::io::Write;
use std::path::Path;

pub fn load_or_create(path: &Path) -> std::io::Result<Vec<u8>> {
    match std::fs::read(path) {
        Ok(bytes) if bytes.len() >= 32 => Ok(bytes),
        Ok(_) => Err(std::io::Error::other(format!("{} is too short; delete it to make a new one", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut secret = vec![0u8; 32];
            getrandom::fill(&mut secret).map_err(|e| std::io::Error::other(format!("no system randomness: {e}")))?;
            let mut file = crate::private_files::file_options().write(true).create_new(true).open(path)?;
            file.write_all(&secret)?;
            file.sync_all()?;
            Ok(secret)
        }
        Err(e) => Err(e),
    }
}
