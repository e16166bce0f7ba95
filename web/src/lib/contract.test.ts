import { describe, expect, it } from 'vitest';
import { hasOption, minutesByDay, offersAny, monthInJapan, upcoming, type MaintenanceNotice, type MonthlyUsage } from './contract';

describe('the contract', () => {
  it('hides an option only when the contract is known and lacks it', () => {
    const contract = { name: 'x', plan: 'always' as const, options: ['video_analysis' as const], year_end_closed: true };
    expect(hasOption(contract, 'video_analysis')).toBe(true);
    expect(hasOption(contract, 'pretrained_model')).toBe(false);
    expect(hasOption(null, 'pretrained_model')).toBe(true);
  });

  it('offers an option menu entry only once the contract is known and holds one of its options', () => {
    expect(offersAny(null, ['ethics_model', 'ethics_predictions'])).toBe(false);
    expect(offersAny([], ['ethics_model', 'ethics_predictions'])).toBe(false);
    expect(offersAny(['video_analysis', 'ethics_predictions'], ['ethics_model', 'ethics_predictions'])).toBe(true);
    expect(offersAny(['ethics_model'], ['ethics_model', 'ethics_predictions'])).toBe(true);
  });

  it('keeps usage by the month in Japan', () => {
    expect(monthInJapan(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12');
    expect(monthInJapan(new Date('2026-11-30T14:00:00Z'))).toBe('2026-11');
  });

  it('charts every day of the month, empty days as zero', () => {
    const usage: MonthlyUsage = {
      month: '2026-02',
      days: [{ date: '2026-02-03', counts: { analysed_seconds: 90 } }],
      totals: {},
      minutes_recorded: 0,
      minutes_analysed: 1.5,
      minutes_transcribed: 0,
      storage_gb_months: 0,
    };
    const days = minutesByDay(usage);
    expect(days).toHaveLength(28);
    expect(days[2]).toEqual({ day: 3, minutes: 1.5 });
    expect(days[0].minutes).toBe(0);
  });

  it('shows a banner only for windows that have not begun', () => {
    const n = (active: boolean): MaintenanceNotice => ({ id: String(active), start: '', end: '', message_ja: '', message_en: '', notice_hours: 72, active });
    expect(upcoming([n(true), n(false)]).map((x) => x.active)).toEqual([false]);
  });
});
