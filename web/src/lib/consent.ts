/**
 * The version of the rating form's training-use wording, sent with an expert's consent decision. Interviewees'
 * decisions record the tenant's consent-text version instead (GET /consent-texts). Change it when that wording changes.
 */
export const CONSENT_TEXT_VERSION = 'web-2026-11';
