//! The server's keys: its host key (an Ed25519 key generated on first start, kept with mode
//! 0600 and reused after) and the viewers' keys that `--authorized-keys` lets in.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use russh::keys::ssh_key::private::{Ed25519Keypair, KeypairData};
use russh::keys::ssh_key::{AuthorizedKeys, LineEnding};
use russh::keys::{HashAlg, PrivateKey, PublicKey};

use crate::util::diag::Diagnostic;

/// Where the host key lives without `--host-key`: the platform data directory.
#[must_use]
pub fn default_host_key_path() -> Option<PathBuf> {
    Some(
        dirs::data_dir()?
            .join("longrail")
            .join("ssh_host_ed25519_key"),
    )
}

/// The host key at `path`, and whether it was generated just now.
///
/// # Errors
/// The file has looser permissions than 0600, is not an unencrypted OpenSSH private key, or
/// cannot be read or created; each message names the file and how to fix it.
pub fn host_key(path: &Path) -> Result<(PrivateKey, bool), Diagnostic> {
    let shown = path.display().to_string();
    match std::fs::metadata(path) {
        Ok(meta) => {
            regular_file(&shown, &meta, HOST_KEY_HELP)?;
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(Diagnostic::file_level(
                    &shown,
                    format!("the host key is readable by others (mode {mode:04o})"),
                )
                .help(format!(
                    "a host key is a secret: chmod 600 '{shown}', or give --host-key another file"
                )));
            }
            let text = crate::util::files::read_text_file(path)?;
            let key = parse_host_key(&shown, &text)?;
            Ok((key, false))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((generate(path, &shown)?, true)),
        Err(e) => Err(Diagnostic::file_level(
            &shown,
            format!("cannot read the host key: {e}"),
        )),
    }
}

/// What to do about a host key path that is not a file.
const HOST_KEY_HELP: &str = "give --host-key the path of a key file (it is generated there on first start), e.g. ~/.local/share/longrail/ssh_host_ed25519_key";

/// What to do about an `--authorized-keys` path that is not a file.
const AUTHORIZED_HELP: &str =
    "give --authorized-keys an authorized_keys file: one key a line, as in ~/.ssh/authorized_keys";

/// A key file must be a regular file: a folder, device, pipe or socket gets its own message
/// (before its mode is looked at: a device's 0666 is no secret leaking).
fn regular_file(shown: &str, meta: &std::fs::Metadata, help: &str) -> Result<(), Diagnostic> {
    if meta.is_file() {
        return Ok(());
    }
    let what = if meta.is_dir() {
        "this is a directory, not a key file"
    } else {
        "this is not a regular file (a device, pipe or socket), not a key file"
    };
    Err(Diagnostic::file_level(shown, what).help(help))
}

/// An unencrypted OpenSSH private key from `text`.
fn parse_host_key(shown: &str, text: &str) -> Result<PrivateKey, Diagnostic> {
    let fix = "remove the file to have a new key generated, or give --host-key a key made by `ssh-keygen -t ed25519 -N ''`";
    let key = PrivateKey::from_openssh(text).map_err(|e| {
        Diagnostic::file_level(shown, format!("not an OpenSSH private key ({e})")).help(fix)
    })?;
    if key.is_encrypted() {
        return Err(Diagnostic::file_level(
            shown,
            "the host key is encrypted with a passphrase; the server cannot ask for it",
        )
        .help(fix));
    }
    Ok(key)
}

/// A new Ed25519 host key written to `path` with mode 0600 (never over an existing file).
fn generate(path: &Path, shown: &str) -> Result<PrivateKey, Diagnostic> {
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        Diagnostic::file_level(shown, format!("cannot {what} the host key: {e}"))
    };
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| failed("make", &e))?;
    let pair = Ed25519Keypair::from_seed(&seed);
    let key = PrivateKey::new(KeypairData::Ed25519(pair), "longrail serve host key")
        .map_err(|e| failed("make", &e))?;
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| failed("encode", &e))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| failed("store", &e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| failed("store", &e))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| failed("store", &e))?;
    Ok(key)
}

/// The key's SHA-256 fingerprint as `ssh-keygen -l` prints it.
#[must_use]
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

/// The public keys in an `authorized_keys` file.
///
/// # Errors
/// The file cannot be read, a line is not a key (named by line), or it holds no key.
pub fn authorized_keys(path: &Path) -> Result<Vec<PublicKey>, Diagnostic> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        Diagnostic::file_level(&shown, format!("cannot read the file: {e}")).help(AUTHORIZED_HELP)
    })?;
    regular_file(&shown, &meta, AUTHORIZED_HELP)?;
    let text = crate::util::files::read_text_file(path)?;
    let mut keys = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let entry = AuthorizedKeys::new(line).next().and_then(Result::ok);
        let Some(entry) = entry else {
            let offset = text.lines().take(i).map(|l| l.len() + 1).sum::<usize>();
            return Err(Diagnostic::at(
                &shown,
                &text,
                Some(offset..offset + line.len()),
                "not a public key",
            )
            .help(
                "each line is a key as in ~/.ssh/authorized_keys: `ssh-ed25519 AAAA... comment`",
            ));
        };
        keys.push(entry.public_key().clone());
    }
    if keys.is_empty() {
        return Err(Diagnostic::file_level(&shown, "no public key in the file").help(
            "add a viewer's key (the line of their ~/.ssh/id_ed25519.pub), or leave out --authorized-keys for a public demo",
        ));
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_is_private_to_its_owner_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("key");
        let (key, fresh) = host_key(&path).unwrap();
        assert!(fresh);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let (again, fresh) = host_key(&path).unwrap();
        assert!(!fresh);
        assert_eq!(fingerprint(&key), fingerprint(&again));
        assert!(fingerprint(&key).starts_with("SHA256:"));
    }

    #[test]
    fn a_loose_or_bad_key_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        std::fs::write(&path, "not a key").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = host_key(&path).unwrap_err().to_string();
        assert!(e.contains("mode 0644") && e.contains("chmod 600"), "{e}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let e = host_key(&path).unwrap_err().to_string();
        assert!(e.contains("not an OpenSSH private key"), "{e}");
    }

    #[test]
    fn authorized_keys_name_the_bad_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys");
        let good =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDUmuOQMPbsvcEsh5/8cYtN/DXagKRJlHFXuV7RSR3FP a@b";
        std::fs::write(&path, format!("# viewers\n{good}\n")).unwrap();
        assert_eq!(authorized_keys(&path).unwrap().len(), 1);
        std::fs::write(&path, format!("{good}\nssh-ed25519 nonsense\n")).unwrap();
        let e = authorized_keys(&path).unwrap_err();
        assert_eq!(e.position.map(|p| p.0), Some(2), "{e}");
    }
}
