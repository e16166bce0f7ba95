import { describe, expect, it } from 'vitest';
import type { TrainingReadiness, TrainingRequest } from '../api/types';
import { translate } from '../i18n';
import { disabledWhy, followed, MAX_POLLS, STALE_MS, missingWords, refusalWords, shouldPoll, stateWords } from './training';

const request = (id: string, state: TrainingRequest['state'], more: Partial<TrainingRequest> = {}): TrainingRequest => ({
  id,
  state,
  requested_by: 'admin',
  requested_at: '2026-12-04T01:00:00Z',
  updated_at: '2026-12-04T01:00:00Z',
  ...more,
});

const readiness = (more: Partial<TrainingReadiness> = {}): TrainingReadiness => ({
  ready: false,
  need: 10,
  have: 6,
  analysed_interviews: 8,
  items: [{ item_id: 'i1', name: '協調性', rated_interviews: 6, all_same_score: false, ready: false }],
  refusal: { code: 'too_few_rated_interviews', have: 6, need: 10 },
  ...more,
});

describe('following a training request', () => {
  it('follows the request just made, else the newest', () => {
    const list = [request('b', 'running'), request('a', 'refused')];
    expect(followed(list, 'a')?.id).toBe('a');
    expect(followed(list, null)?.id).toBe('b');
    expect(followed(list, 'not-listed-yet')?.id).toBe('b');
    expect(followed([], null)).toBeNull();
  });

  it('looks again only while queued or running, and not for ever', () => {
    expect(shouldPoll(request('a', 'queued'), 0)).toBe(true);
    expect(shouldPoll(request('a', 'running'), 5)).toBe(true);
    for (const done of ['trained', 'refused', 'failed'] as const) expect(shouldPoll(request('a', done), 0)).toBe(false);
    expect(shouldPoll(request('a', 'running'), MAX_POLLS)).toBe(false);
    expect(shouldPoll(null, 0)).toBe(false);
  });
});

describe('words', () => {
  it('say a refusal with its numbers in both languages', () => {
    const w = refusalWords({ code: 'too_few_rated_interviews', have: 6, need: 10 });
    expect(translate('ja', w.key, w.vars)).toBe('熟練面談者に評価された分析済みの面談が 6 件しかありません（10 件必要です）。');
    expect(translate('en', w.key, w.vars)).toBe('Not enough analysed interviews are rated by experts: 6 of the 10 needed.');
    // a code this UI does not know yet gets the general words, never a raw code
    const unknown = refusalWords({ code: 'something_new' as never });
    expect(unknown.key).toBe('train.refusal.training_data_unusable');
  });

  it('say the new version when trained', () => {
    const w = stateWords(request('a', 'trained', { version: 3, model_id: 'm' }));
    expect(translate('ja', w.key, w.vars)).toBe('バージョン 3 を作成しました。');
    expect(translate('en', w.key, w.vars)).toBe('Version 3 was created.');
    expect(stateWords(request('a', 'queued')).key).toBe('train.state.queued');
    expect(stateWords(request('a', 'failed')).key).toBe('train.state.failed');
  });

  it('say the progress the way the brief puts it', () => {
    expect(translate('ja', 'train.progress', { have: 6, need: 10 })).toBe('6 / 10 件の面談が熟練面談者に評価済み（分析済み）');
    expect(translate('en', 'train.progress', { have: 6, need: 10 })).toBe('6 of 10 interviews rated by experts (analysed)');
  });
});

describe('what is missing', () => {
  it('counts the ratings still needed, and whether there are interviews to rate', () => {
    const waiting = missingWords(readiness({ analysed_interviews: 12 }));
    expect(waiting.map((w) => w.key)).toEqual(['train.missing.ratings', 'train.missing.waiting']);
    expect(waiting[0].vars).toEqual({ more: 4 });
    const fewAnalysed = missingWords(readiness({ analysed_interviews: 7 }));
    expect(fewAnalysed[1]).toEqual({ key: 'train.missing.analysed', vars: { analysed: 7, more: 3 } });
  });

  it('names the other reasons and nothing when ready', () => {
    expect(missingWords(readiness({ items: [], refusal: { code: 'no_evaluation_items' } }))[0].key).toBe('train.missing.noItems');
    const alike = readiness({ have: 12, refusal: { code: 'ratings_all_alike', have: 12, need: 10 } });
    expect(missingWords(alike)[0].key).toBe('train.missing.alike');
    expect(missingWords(readiness({ ready: true, have: 12, refusal: null }))).toEqual([]);
  });

  it('says why the button cannot be pressed', () => {
    const now = Date.parse('2026-12-04T01:10:00Z');
    expect(disabledWhy(readiness(), null, now)).toBe('train.disabled.notReady');
    const ready = readiness({ ready: true, refusal: null });
    expect(disabledWhy(ready, request('a', 'running'), now)).toBe('train.disabled.open');
    expect(disabledWhy(ready, request('a', 'refused'), now)).toBeNull();
    expect(disabledWhy(null, null, now)).toBeNull();
    // a request left running for hours was lost: a new one may be made, as the server allows
    expect(disabledWhy(ready, request('a', 'running'), now + STALE_MS)).toBeNull();
  });
});
