/**
 * The tenant's contract as the API tells it (`GET /tenant`), its usage (`GET /usage`) and the planned maintenance
 * announced now (`GET /notices`), with the small pure helpers the pages use.
 */
export type ContractOption = 'video_analysis' | 'ethics_model' | 'ethics_predictions' | 'pretrained_model' | 'conversation_analysis';

export const OPTIONS: ContractOption[] = ['video_analysis', 'ethics_model', 'ethics_predictions', 'pretrained_model', 'conversation_analysis'];

export interface Contract {
  name: string;
  plan: 'business_hours' | 'always';
  options: ContractOption[];
  year_end_closed: boolean;
  contract_end?: string;
  purge_due?: string;
  retention_grace_days?: number;
}

export type Meter =
  | 'self_interviews'
  | 'face_to_face_interviews'
  | 'recorded_seconds'
  | 'analysed_seconds'
  | 'transcribed_seconds'
  | 'trainings'
  | 'predictions'
  | 'reports'
  | 'mails_sent'
  | 'stored_bytes';

export interface DailyUsage {
  date: string;
  counts: Partial<Record<Meter, number>>;
}

export interface MonthlyUsage {
  month: string;
  days: DailyUsage[];
  totals: Partial<Record<Meter, number>>;
  minutes_recorded: number;
  minutes_analysed: number;
  minutes_transcribed: number;
  storage_gb_months: number;
}

export interface MaintenanceNotice {
  id: string;
  start: string;
  end: string;
  message_ja: string;
  message_en: string;
  notice_hours: number;
  active: boolean;
}

/** Whether the contract includes `option`; an unknown contract (not loaded, or an older server) hides nothing. */
export function hasOption(contract: Contract | null | undefined, option: ContractOption): boolean {
  return !contract || contract.options.includes(option);
}

/**
 * Whether a menu entry that needs one of `needs` is offered: only once the contract is known (`options` not null)
 * and holds one of them, so an entry never appears and then vanishes for a tenant without the option.
 */
export function offersAny(options: readonly ContractOption[] | null | undefined, needs: readonly ContractOption[]): boolean {
  return !!options && needs.some((o) => options.includes(o));
}

/** `YYYY-MM` of `at` in Japan, as usage is kept. */
export function monthInJapan(at: Date): string {
  const japan = new Date(at.getTime() + 9 * 3600 * 1000);
  return `${japan.getUTCFullYear()}-${String(japan.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Each day of the month with its analysed minutes (0 for days without usage), for the chart. */
export function minutesByDay(usage: MonthlyUsage): { day: number; minutes: number }[] {
  const [year, month] = usage.month.split('-').map(Number);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const seconds = new Map(usage.days.map((d) => [Number(d.date.slice(8, 10)), d.counts.analysed_seconds ?? 0]));
  return Array.from({ length: days }, (_, i) => ({ day: i + 1, minutes: Math.round(((seconds.get(i + 1) ?? 0) / 60) * 10) / 10 }));
}

/** The windows to show as a banner: announced and not yet begun (a running one blocks the screen instead). */
export function upcoming(notices: MaintenanceNotice[]): MaintenanceNotice[] {
  return notices.filter((n) => !n.active);
}

export interface TenantExport {
  id: string;
  created_at: string;
  state: 'pending' | 'ready' | 'failed';
  error?: string | null;
  size_bytes?: number | null;
}
