// Pure helpers for the training panel of the models page: which words say where a training request is,
// why it was refused and what is still missing, and when the page should look again.
import type { MessageKey } from '../i18n';
import type { Refusal, RefusalCode, TrainingReadiness, TrainingRequest, TrainingState } from '../api/types';

/** How often the page asks again while a request is queued or running. */
export const POLL_MS = 3000;
/** The page stops asking after this many looks (30 minutes); "refresh" asks again. */
export const MAX_POLLS = 600;

/** A message key with its placeholders. */
export interface Words {
  key: MessageKey;
  vars?: Record<string, string | number>;
}

export function isOpen(state: TrainingState): boolean {
  return state === 'queued' || state === 'running';
}

/** The request the panel follows: the one just made if the list has it, else the newest. */
export function followed(requests: readonly TrainingRequest[], id: string | null): TrainingRequest | null {
  return (id ? requests.find((r) => r.id === id) : undefined) ?? requests[0] ?? null;
}

/** Whether to look again: the followed request is still queued or running, and the page has not asked too often. */
export function shouldPoll(request: TrainingRequest | null, polls: number): boolean {
  return !!request && isOpen(request.state) && polls < MAX_POLLS;
}

const REFUSALS: Record<RefusalCode, MessageKey> = {
  no_evaluation_items: 'train.refusal.no_evaluation_items',
  too_few_rated_interviews: 'train.refusal.too_few_rated_interviews',
  ratings_all_alike: 'train.refusal.ratings_all_alike',
  no_usable_features: 'train.refusal.no_usable_features',
  training_data_unusable: 'train.refusal.training_data_unusable',
};

/** A refusal in words, with its numbers (an unknown code from a newer server gets the general words). */
export function refusalWords(refusal: Refusal | undefined | null): Words {
  const key = (refusal && REFUSALS[refusal.code]) ?? 'train.refusal.training_data_unusable';
  return { key, vars: { have: refusal?.have ?? 0, need: refusal?.need ?? 0 } };
}

/** Where a request is, in words. */
export function stateWords(request: TrainingRequest): Words {
  switch (request.state) {
    case 'queued':
      return { key: 'train.state.queued' };
    case 'running':
      return { key: 'train.state.running' };
    case 'trained':
      return { key: 'train.state.trained', vars: { version: request.version ?? '—' } };
    case 'refused':
      return { key: 'train.state.refused' };
    default:
      return { key: 'train.state.failed' };
  }
}

/** What is still missing before training can succeed, in plain words (nothing when ready). */
export function missingWords(r: TrainingReadiness): Words[] {
  if (r.ready) return [];
  const code = r.refusal?.code;
  if (code === 'no_evaluation_items' || r.items.length === 0) return [{ key: 'train.missing.noItems' }];
  if (code === 'ratings_all_alike') return [{ key: 'train.missing.alike' }];
  const words: Words[] = [{ key: 'train.missing.ratings', vars: { more: Math.max(0, r.need - r.have) } }];
  if (r.analysed_interviews < r.need) {
    words.push({ key: 'train.missing.analysed', vars: { analysed: r.analysed_interviews, more: r.need - r.analysed_interviews } });
  } else {
    words.push({ key: 'train.missing.waiting', vars: { analysed: r.analysed_interviews } });
  }
  return words;
}

/**
 * A request queued or running this long without a change was lost (a training job stops after an hour); the server
 * then takes a new one, and so does the button.
 */
export const STALE_MS = 2 * 60 * 60 * 1000;

/** Why the button cannot be pressed now (at `now`, ms since the epoch), or null when it can. */
export function disabledWhy(readiness: TrainingReadiness | null, current: TrainingRequest | null, now: number): MessageKey | null {
  if (current && isOpen(current.state) && now - Date.parse(current.updated_at) < STALE_MS) return 'train.disabled.open';
  if (readiness && !readiness.ready) return 'train.disabled.notReady';
  return null;
}
