//! The `report-export` Lambda function: on ReportRequested (Mendan's bus) classifies the stored
//! transcript into the tenant's report items, writes the Excel workbook to S3, marks the report
//! ready and publishes ReportReady.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    mendan_aws::lambda::run_envelope_function(mendan_pipeline::report_export::handle_envelope).await
}
