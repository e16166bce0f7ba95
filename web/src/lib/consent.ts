/** The version of the consent texts shown (sent with every consent decision). Change it when the texts change. */
export const CONSENT_TEXT_VERSION = 'web-2026-11';
