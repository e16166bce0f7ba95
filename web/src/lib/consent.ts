/** The version of the consent texts shown (sent with every consent decision). Change it when the texts change:
 * web-2026-12 is issue 14 item 11's wording (facial analysis, who sees the recording, retention, contact). */
export const CONSENT_TEXT_VERSION = 'web-2026-12';
