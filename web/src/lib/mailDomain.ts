// The tenant's mail domain as GET/PUT mail-domain answers it, and the words for its states and records.
import type { MessageKey } from '../i18n/ja';

export type CheckState = 'pending' | 'verified' | 'failed' | 'not_started' | 'not_needed';
export type RecordPurpose = 'dkim' | 'mail_from' | 'spf' | 'dmarc';

export interface DnsRecord {
  type: string;
  name: string;
  value: string;
  purpose: RecordPurpose;
  state: CheckState;
}

export interface MailDomainSetup {
  domain: string | null;
  state: string;
  sending_from: string | null;
  records: DnsRecord[];
}

const DOMAIN_STATES: Record<string, MessageKey> = {
  not_set: 'domain.state.not_set',
  pending: 'domain.state.pending',
  verified: 'domain.state.verified',
  failed: 'domain.state.failed',
  not_started: 'domain.state.not_started',
  not_needed: 'domain.state.not_needed',
};

/** The words for the domain's overall state; one the screen does not know reads as still being checked. */
export function domainStateKey(state: string): MessageKey {
  return DOMAIN_STATES[state] ?? 'domain.state.pending';
}

export function recordStateKey(state: string): MessageKey {
  return DOMAIN_STATES[state] ?? 'domain.state.pending';
}

const PURPOSES: Record<RecordPurpose, MessageKey> = {
  dkim: 'domain.purpose.dkim',
  mail_from: 'domain.purpose.mail_from',
  spf: 'domain.purpose.spf',
  dmarc: 'domain.purpose.dmarc',
};

export function recordPurposeKey(purpose: string): MessageKey {
  return (PURPOSES as Record<string, MessageKey>)[purpose] ?? 'domain.purpose.dkim';
}
