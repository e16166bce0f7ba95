// A question set's limits as a person says them: 「撮り直し: 1 回まで」「30 秒」 / "1 retake", "30 s".
import type { MessageKey, Vars } from '../i18n';

type T = (key: MessageKey, vars?: Vars) => string;

export function retakeWords(limit: number, t: T): string {
  if (limit <= 0) return t('sets.card.noRetakes');
  if (limit === 1) return t('sets.card.oneRetake');
  return t('sets.card.retakes', { n: limit });
}

export function secondsWords(seconds: number, t: T): string {
  return t('sets.card.seconds', { n: seconds });
}
