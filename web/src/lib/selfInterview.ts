/** Pure rules of the interviewee's screens (the list and the self-interview run), kept apart so they are unit-tested. */
import type { InterviewStatus } from '../api/types';
import type { Step } from './followups';

const OPEN: InterviewStatus[] = ['scheduled', 'in_progress'];
/** Interviews whose feedback may exist (once a person approves it). */
const FINISHED: InterviewStatus[] = ['recorded', 'analysed', 'rated'];

/** Not yet recorded: a self-interview can be started or resumed, a face-to-face one consented to. */
export const isOpen = (status: InterviewStatus) => OPEN.includes(status);
/** Recorded and later (not cancelled): every answer is in, and feedback may exist. */
export const isFinished = (status: InterviewStatus) => FINISHED.includes(status);

export type Phase = 'loading' | 'resuming' | 'speaking' | 'ready' | 'recording' | 'review' | 'uploading' | 'keypoints' | 'failed' | 'finishing';

/** Japanese text (kana or kanji): read aloud with a Japanese voice, dictated in Japanese. */
export const isJapanese = (s: string) => /[\u3040-\u30ff\u3400-\u9fff]/.test(s);

/** Where a step of the interview puts the page; `total` as the index means finished. */
export function placeOf(step: Step, total: number): { index: number; phase: Phase } {
  switch (step.kind) {
    case 'question':
    case 'followup':
      return { index: step.index, phase: 'speaking' };
    case 'keypoints':
      return { index: step.question, phase: 'keypoints' };
    case 'done':
      return { index: total, phase: 'finishing' };
  }
}
