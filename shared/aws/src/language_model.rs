//! The `LanguageModel` port on Amazon Bedrock's Converse API, which speaks to every text model
//! on Bedrock the same way, so the model is a deployment setting (`BedrockModelId`) and not code.
//! Prompts carry interviewees' answers: they are never logged, and Bedrock neither stores them
//! nor trains on them (AWS's data-protection terms for Bedrock).

use async_trait::async_trait;
use aws_sdk_bedrockruntime::Client;
use aws_sdk_bedrockruntime::types::{
    ContentBlock, ConversationRole, ConverseOutput, InferenceConfiguration, Message, SystemContentBlock,
};
use mendan_core::ports::{LanguageModel, PortError, PortResult, WordingRequest};
use std::time::Duration;

use crate::error::{backend, build};

pub struct BedrockLanguageModel {
    client: Client,
    model_id: String,
}

impl BedrockLanguageModel {
    pub fn new(sdk: &aws_config::SdkConfig, model_id: impl Into<String>) -> Self {
        Self { client: Client::new(sdk), model_id: model_id.into() }
    }
}

#[async_trait]
impl LanguageModel for BedrockLanguageModel {
    async fn complete(&self, request: &WordingRequest, deadline: Duration) -> PortResult<String> {
        let message = Message::builder()
            .role(ConversationRole::User)
            .content(ContentBlock::Text(request.user.clone()))
            .build()
            .map_err(|e| build("bedrock Message", e))?;
        // Temperature 0: the same draft gets (nearly) the same wording, as with the templates.
        let inference = InferenceConfiguration::builder()
            .max_tokens(i32::try_from(request.max_tokens).unwrap_or(i32::MAX))
            .temperature(0.0)
            .build();
        let call = self
            .client
            .converse()
            .model_id(&self.model_id)
            .system(SystemContentBlock::Text(request.system.clone()))
            .messages(message)
            .inference_config(inference)
            .send();
        let out = tokio::time::timeout(deadline, call)
            .await
            .map_err(|_| PortError::Backend(format!("bedrock Converse: no answer within {deadline:?}")))?
            .map_err(|e| backend("bedrock Converse", &e))?;
        let Some(ConverseOutput::Message(reply)) = out.output() else {
            return Err(PortError::Backend("bedrock Converse: the reply holds no message".into()));
        };
        let text: String =
            reply.content().iter().filter_map(|block| block.as_text().ok()).map(String::as_str).collect();
        if text.trim().is_empty() {
            return Err(PortError::Backend(format!("bedrock Converse: no text (stop reason {})", out.stop_reason())));
        }
        Ok(text)
    }
}
