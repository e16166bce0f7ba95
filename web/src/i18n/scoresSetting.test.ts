// Issue 14 item 6: the setting that puts AI scores into feedback says who reads them: the interviewee (candidate).
import { describe, expect, it } from 'vitest';
import { ja } from './ja';
import { en } from './en';

describe('the setting that shows AI scores in feedback', () => {
  // 面談者 alone is the interviewer; 被面談者 is the interviewee and 熟練面談者 the expert.
  const namesInterviewer = (text: string) => /(^|[^被練])面談者/.test(text);

  it('names the interviewee (the candidate) as the one who sees the scores, in Japanese', () => {
    const label = ja['models.feedbackShowsScores'];
    expect(label).toContain('被面談者');
    expect(label).toContain('候補者');
    expect(namesInterviewer(label)).toBe(false);
    expect(ja['models.feedbackShowsScoresHelp']).toContain('被面談者ご本人');
    expect(ja['models.scoresDialog.title']).toContain('被面談者');
  });

  it('names the interviewee (the candidate) in English, never the interviewer as the reader', () => {
    const label = en['models.feedbackShowsScores'];
    expect(label).toMatch(/interviewee/i);
    expect(label).toMatch(/candidate/i);
    expect(label).not.toMatch(/interviewer/i);
    expect(en['models.scoresDialog.title']).toMatch(/interviewees/i);
  });
});
