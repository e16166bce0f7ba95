//! `mendan serve`: the API router of the Lambda functions, the local object URLs, the in-process
//! event handlers and the static web UI, on one port.

mod demo;
mod headers;
pub mod server;

use anyhow::Context;
use axum::Router;
use mendan_analysis::analyze::DEFAULT_FPS;
use mendan_core::usecases::interview_mail::SiteUrl;
use mendan_embedded::Embedded;
use mendan_pipeline::FeatureExtractor;
use mendan_pipeline::handlers::{HandlerLimits, subscriptions, training_runner};
use mendan_pipeline::local_transcription;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Data directory (SQLite database, objects, signing secret); created when missing.
    #[arg(long, default_value_os_t = crate::default_data_dir())]
    data: PathBuf,
    #[arg(long, default_value_t = 8080)]
    port: u16,
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// The built web UI to serve at `/` [default: the repository's web/dist, found from the
    /// current directory or the executable's]
    #[arg(long)]
    web: Option<PathBuf>,
    /// The ONNX face models the analysis of uploads uses [default: the repository's layers/models,
    /// found from the current directory or the executable's]
    #[arg(long, env = "MENDAN_MODELS_DIR")]
    models: Option<PathBuf>,
    /// The address browsers use to reach this server (for signed object URLs).
    #[arg(long, env = "MENDAN_PUBLIC_URL")]
    public_url: Option<String>,
    /// Answer every API call with 503 `maintenance` (the web UI shows its maintenance screen).
    #[arg(long)]
    maintenance: bool,
}

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let addr = SocketAddr::new(args.bind, args.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}; is the port in use? Try --port"))?;
    let local = listener.local_addr()?;
    let public_url = args.public_url.unwrap_or_else(|| format!("http://{local}"));
    let mut backend = Embedded::open(&args.data, &public_url)?;
    let limits = HandlerLimits::from_env().map_err(anyhow::Error::msg)?;
    let models = crate::locate::resolve(args.models, "layers/models");
    crate::locate::report_tools(&models);
    backend.ports.words = crate::locate::words(&models);
    // A server lives long: load the dictionary now, on a thread of its own, rather than in the first feedback
    // draft's request (~100 ms there, issue 21's mixed load).
    if let Some(words) = backend.ports.words.clone() {
        std::thread::spawn(move || words.get().is_some());
    }
    subscribe_pipeline(&backend, models.clone(), limits, &public_url);
    enable_transcription(&mut backend, &models);
    resume_work(&backend).await?;
    // Reminders set before a stop fire now if they fell due meanwhile.
    backend.start_timers();
    demo::ensure_demo_tenant(&backend, &args.data, &public_url).await?;
    run_daily_jobs(backend.ports.clone());

    let web = crate::locate::resolve(args.web, "web/dist");
    let app = app(&backend, &web, args.maintenance || mendan_api::maintenance::requested_by_env());
    let app = headers::secure(app, &public_url);
    eprintln!("Mendan is running at {public_url}/ (data in {}; Ctrl-C stops it)", args.data.display());
    // The server hands the peer address to handlers as ConnectInfo (sign-in throttling).
    server::serve(listener, app, server::LIMITS, shutdown()).await;
    if tokio::time::timeout(SHUTDOWN_GRACE, backend.events.idle()).await.is_err() {
        // Blocking analyses would hold the runtime's drop; what they leave unfinished is still
        // owed in the outbox and is replayed at the next start.
        tracing::warn!("event handlers still running; they resume at the next start");
        std::process::exit(0);
    }
    Ok(())
}

/// The scheduled runs of AWS, a minute after start, then every 24 hours: retention (storage sampled for metering,
/// tenants past their contract's end plus grace purged), as the `retention` function does daily; and the monthly
/// fairness check of the month before, as `ethics-monitoring` does on the 1st (a month already done is skipped).
fn run_daily_jobs(ports: mendan_core::Ports) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval_at(
            tokio::time::Instant::now() + std::time::Duration::from_secs(60),
            std::time::Duration::from_secs(24 * 3600),
        );
        loop {
            every.tick().await;
            match mendan_pipeline::retention::run_daily(&ports).await {
                Ok(run) => tracing::info!(tenants = run.tenants, purged = run.purged.len(), "retention run"),
                Err(error) => tracing::warn!(%error, "retention run failed; it runs again tomorrow"),
            }
            match mendan_pipeline::ethics_monitoring::run_monthly(&ports, None).await {
                Ok(run) => {
                    tracing::info!(month = %run.month, computed = run.computed, alerts = run.alerted.len(), "fairness run")
                }
                Err(error) => tracing::warn!(%error, "fairness run failed; it runs again tomorrow"),
            }
        }
    });
}

/// How long a shutdown waits for running event handlers before leaving them to the next start.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(20);

/// Redoes the deliveries a crash or a shutdown cut off, and removes uploaded bytes that no
/// recording points to any more.
async fn resume_work(backend: &Embedded) -> anyhow::Result<()> {
    let replayed = backend.events.replay_pending().await.map_err(anyhow::Error::msg).context("reading the outbox")?;
    let orphans = mendan_core::usecases::recordings::remove_orphaned_uploads(&backend.ports).await?;
    if replayed + orphans > 0 {
        tracing::info!(replayed, orphans, "resumed unfinished work");
    }
    Ok(())
}

/// Runs the pipeline functions' handlers (analysis of uploads, ...) on the in-process bus, and
/// the training job on the in-process jobs.
pub fn subscribe_pipeline(backend: &Embedded, models: PathBuf, limits: HandlerLimits, public_url: &str) {
    let extractor = Arc::new(FeatureExtractor::new(models, DEFAULT_FPS));
    let site = SiteUrl(public_url.to_owned());
    let mut mail = mendan_pipeline::mail::subscriptions(backend.ports.clone(), site, limits.other);
    mail.push(mendan_pipeline::scheduling::subscription(backend.ports.clone(), limits.other));
    for s in subscriptions(backend.ports.clone(), extractor, limits).into_iter().chain(mail) {
        backend.events.subscribe_limited(s.detail_type, s.handler, s.concurrency);
    }
    backend.jobs.on_training(training_runner(backend.ports.clone()));
}

/// Transcribes uploaded recordings and report meetings on this machine when the speech model is
/// installed (`layers/models/whisper/ensure.sh`); says so at start-up either way. After
/// [`subscribe_pipeline`] (the outbox names deliveries by subscription order, so the earlier
/// handlers keep their names) and before the router, which takes the ports as they are then.
pub fn enable_transcription(backend: &mut Embedded, models: &std::path::Path) -> bool {
    let dir = models.join(mendan_speech::MODEL_DIR);
    let Some(handlers) = local_transcription::install(&mut backend.ports, dir.clone()) else {
        tracing::warn!(model = %dir.display(), "no speech model: recordings are not transcribed (upload transcripts, or run layers/models/whisper/ensure.sh)");
        return false;
    };
    for s in handlers {
        backend.events.subscribe_limited(s.detail_type, s.handler, s.concurrency);
    }
    tracing::info!(model = %dir.display(), "recordings are transcribed on this machine");
    true
}

/// The whole local stack as one router.
pub fn app(backend: &Embedded, web: &std::path::Path, maintenance: bool) -> Router {
    let mut api = mendan_api::router(backend.ports.clone());
    if maintenance {
        // The API only: the web UI itself must still load to show the maintenance screen.
        api = mendan_api::maintenance::under_maintenance(api);
    }
    let mut app = api.merge(mendan_embedded::http::object_routes(backend)).merge(backend.calls.routes());
    if web.join("index.html").is_file() {
        // Client-side routes fall back to index.html.
        let spa = ServeDir::new(web).fallback(ServeFile::new(web.join("index.html")));
        app = app.fallback_service(spa);
    } else {
        tracing::warn!(web = %web.display(), "no built web UI found; only the API is served (build it with `npm --prefix web run build`)");
    }
    app.layer(tower_http::trace::TraceLayer::new_for_http())
}

/// Ctrl-C or SIGTERM (what `kill`, systemd and container runtimes send) stop the server the same way.
async fn shutdown() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM; only Ctrl-C stops the server gracefully");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
    tracing::info!("shutting down");
}
