//! The `export` Lambda function: on ExportRequested (Mendan's bus) writes every item and stored file of the tenant
//! into one zip and marks the export ready (see `mendan_pipeline::tenant_export`).

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    mendan_aws::lambda::run_envelope_function(mendan_pipeline::tenant_export::handle_envelope).await
}
