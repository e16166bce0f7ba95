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
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            options.open(path)?.write_all(&secret)?;
            Ok(secret)
        }
        Err(e) => Err(e),
    }
}
