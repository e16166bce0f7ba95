//! `mendan serve`: the API router of the Lambda functions, the local object URLs, the in-process
//! event handlers and the static web UI, on one port.

mod demo;
mod headers;
pub mod server;

use anyhow::Context;
use axum::Router;
use mendan_analysis::analyze::DEFAULT_FPS;
use mendan_embedded::Embedded;
use mendan_pipeline::FeatureExtractor;
use mendan_pipeline::handlers::{subscriptions, training_runner};
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
    /// The built web UI to serve at `/`.
    #[arg(long, default_value = "web/dist")]
    web: PathBuf,
    /// The ONNX face models the analysis of uploads uses.
    #[arg(long, env = "MENDAN_MODELS_DIR", default_value = "layers/models")]
    models: PathBuf,
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
    let backend = Embedded::open(&args.data, &public_url)?;
    subscribe_pipeline(&backend, args.models);
    demo::ensure_demo_tenant(&backend, &args.data, &public_url).await?;

    let app = app(&backend, &args.web, args.maintenance || mendan_api::maintenance::requested_by_env());
    let app = headers::secure(app, &public_url);
    eprintln!("Mendan is running at {public_url}/ (data in {}; Ctrl-C stops it)", args.data.display());
    server::serve(listener, app, server::LIMITS, shutdown()).await;
    backend.events.idle().await;
    Ok(())
}

/// Runs the pipeline functions' handlers (analysis of uploads, ...) on the in-process bus, and
/// the training job on the in-process jobs.
pub fn subscribe_pipeline(backend: &Embedded, models: PathBuf) {
    let extractor = Arc::new(FeatureExtractor::new(models, DEFAULT_FPS));
    for (detail_type, handler) in subscriptions(backend.ports.clone(), extractor) {
        backend.events.subscribe(detail_type, handler);
    }
    backend.jobs.on_training(training_runner(backend.ports.clone()));
}

/// The whole local stack as one router.
pub fn app(backend: &Embedded, web: &std::path::Path, maintenance: bool) -> Router {
    let mut api = mendan_api::router(backend.ports.clone());
    if maintenance {
        // The API only: the web UI itself must still load to show the maintenance screen.
        api = mendan_api::maintenance::under_maintenance(api);
    }
    let mut app = api.merge(mendan_embedded::http::object_routes(backend));
    if web.join("index.html").is_file() {
        // Client-side routes fall back to index.html.
        let spa = ServeDir::new(web).fallback(ServeFile::new(web.join("index.html")));
        app = app.fallback_service(spa);
    } else {
        tracing::warn!(web = %web.display(), "no built web UI found; only the API is served (build it with `npm --prefix web run build`)");
    }
    app.layer(tower_http::trace::TraceLayer::new_for_http())
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
    tracing::info!("shutting down");
}
