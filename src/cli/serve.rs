//! `longrail serve`: the journey for many viewers over SSH (see `serve/`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use super::{Cli, Failure, build};
use crate::serve::{self, Mode, Options, keys};

/// `longrail serve`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Address and port to listen on (port 0: any free port, printed at start).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:2222")]
    pub listen: SocketAddr,
    /// The host key (OpenSSH format); generated there on first start when missing. Default:
    /// ssh_host_ed25519_key in the platform data directory's longrail folder.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub host_key: Option<PathBuf>,
    /// Let in only the keys in this file (authorized_keys format); without it anyone may
    /// connect, as to a public demo.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub authorized_keys: Option<PathBuf>,
    /// Viewers at once, in all; the next one is told the server is full.
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_viewers: u32,
    /// Viewers at once from one address.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub per_address: u32,
    /// Close a viewer after this long without input (30m, 90s; 0 for never). Not with
    /// --demo or --shared, whose viewers watch.
    #[arg(long, value_name = "LENGTH", default_value = "30m", value_parser = crate::util::duration::parse_duration)]
    pub idle_timeout: Duration,
    /// Every viewer starts in the demo; a key takes over for that viewer only.
    #[arg(long, conflicts_with = "shared")]
    pub demo: bool,
    /// One clock for everyone, derived from wall time (so servers agree); each viewer
    /// changes only their own view.
    #[arg(long)]
    pub shared: bool,
}

/// Each viewer's session: the network's with `--feed`, else the route's.
fn factory(cli: &Cli, mode: Mode) -> Result<serve::Factory, Failure> {
    match &cli.feed {
        Some(feed) => super::netview::viewer_factory(cli, feed, mode),
        None => build::viewer_factory(cli, mode),
    }
}

/// Serve until SIGTERM or Ctrl-C.
///
/// # Errors
/// Bad usage (`--on-event`, `--bell`), an invalid route, config, host key or authorized
/// keys file, or an address that cannot be listened on.
pub fn run(cli: &Cli, args: &Args) -> Result<(), Failure> {
    if cli.on_event.is_some() {
        return Err(Failure::Usage(
            "--on-event with serve: a viewer could then run commands on the server; run the hooks with the app or `demo` on a terminal of your own".into(),
        ));
    }
    if cli.bell {
        return Err(Failure::Usage(
            "--bell with serve: viewers' terminals are theirs; each viewer can run the app with --bell locally".into(),
        ));
    }
    let mode = match (args.demo, args.shared) {
        (true, _) => Mode::Demo,
        (_, true) => Mode::Shared,
        _ => Mode::Own,
    };
    let factory = factory(cli, mode)?;
    let path = match &args.host_key {
        Some(path) => path.clone(),
        None => keys::default_host_key_path().ok_or_else(|| {
            Failure::Usage("no data directory for the host key here; give --host-key FILE".into())
        })?,
    };
    let (host_key, fresh) = keys::host_key(&path).map_err(|d| Failure::Invalid(d.into()))?;
    let authorized = match &args.authorized_keys {
        Some(file) => Some(keys::authorized_keys(file).map_err(|d| Failure::Invalid(d.into()))?),
        None => None,
    };
    let made = if fresh { "new host key" } else { "host key" };
    eprintln!(
        "longrail: {made} {} ({})",
        keys::fingerprint(&host_key),
        path.display()
    );
    let options = Options {
        listen: args.listen,
        host_key,
        authorized,
        max_viewers: args.max_viewers as usize,
        per_address: args.per_address as usize,
        idle_timeout: Some(args.idle_timeout).filter(|d| !d.is_zero()),
        mode,
        fps: build::settings(cli)?.fps.min(serve::MAX_FPS),
    };
    let auth = if options.authorized.is_some() {
        "authorized keys only"
    } else {
        "anyone (none auth)"
    };
    let mode_word = mode.word();
    serve::run(options, factory, |addr| {
        eprintln!(
            "longrail: serving on {addr}, mode {mode_word}, {auth}; ssh -p {} {}",
            addr.port(),
            addr.ip()
        );
    })
    .map_err(|e| Failure::Other(format!("serve on {}: {e}", args.listen)))?;
    Ok(())
}
