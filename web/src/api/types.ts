// Shapes of the Mendan API (see /t/{tenant}/v1/openapi.json).
export type Role = 'interviewee' | 'interviewer' | 'admin' | 'expert';
export const ROLES: Role[] = ['admin', 'interviewer', 'expert', 'interviewee'];

export interface User {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  created_at: string;
}

/** One consequential admin action (GET /audit): who did what to whom, with the value before and after. */
export type AuditAction =
  | 'user_invited'
  | 'role_changed'
  | 'display_name_changed'
  | 'user_disabled'
  | 'password_reset'
  | 'attributes_changed'
  /** an admin turned off someone's authenticator-app sign-in (a lost phone) */
  | 'mfa_reset'
  /** an admin required an authenticator app of admins and experts, or made it optional again (old/new: optional/required; the subject is the admin) */
  | 'mfa_policy_changed';
export interface AuditPerson {
  id: string;
  display_name: string;
}
export interface AuditEntry {
  id: string;
  at: string;
  actor: AuditPerson;
  action: AuditAction;
  subject: AuditPerson;
  old: string | null;
  new: string | null;
}
export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next, older page; null on the last page. */
  next_before: string | null;
}

export interface Invitation {
  user: User;
  temporary_password: string | null;
}

export interface ProtectedAttributes {
  gender: string | null;
  age_band: string | null;
}

export type ItemKind = 'behaviour' | 'content';
export interface EvaluationItem {
  id: string;
  name: string;
  description: string;
  scale: { min: number; max: number };
  kind: ItemKind;
  /** Content items: sentences that show the criterion (absent when none). */
  examples?: string[];
}

export interface Question {
  text: string;
  answer_seconds: number;
}

export interface QuestionSet {
  id: string;
  name: string;
  questions: Question[];
  practice_question: Question | null;
  retake_limit: number;
  follow_ups: boolean;
}

export type InterviewMode = 'face_to_face' | 'self';
export type InterviewStatus = 'scheduled' | 'in_progress' | 'recorded' | 'analysed' | 'rated' | 'cancelled';

export interface Interview {
  id: string;
  mode: InterviewMode;
  interviewee_id: string;
  interviewer_id: string | null;
  question_set_id: string | null;
  scheduled_at: string;
  /** Self-interviews: answer by this time. */
  deadline?: string | null;
  status: InterviewStatus;
  created_at: string;
  updated_at: string;
}

export type ConsentKind = 'recording' | 'ai_evaluation' | 'training_use';
export interface Consent {
  interview_id: string;
  kind: ConsentKind;
  granted: boolean;
  text_version: string;
  by: string;
  at: string;
}

export interface ItemScore {
  item_id: string;
  score: number;
}
export interface Rating {
  interview_id: string;
  rater_id: string;
  rater_role: Role;
  scores: ItemScore[];
  comment: string | null;
  updated_at: string;
}

export type RecordingStatus = 'pending' | 'uploaded' | 'analysed' | 'failed';
export interface RecordingAnalysis {
  features_key: string;
  timeline_key: string;
  sufficient: boolean;
  reasons: string[];
  /** The same reasons in Japanese; empty for recordings analysed before the server kept them. */
  reasons_ja?: string[];
  analysed_at: string;
}
export interface Recording {
  id: string;
  interview_id: string;
  content_type: string;
  size_bytes: number;
  object_key: string;
  status: RecordingStatus;
  failure: string | null;
  failure_code?: string | null;
  analysis?: RecordingAnalysis | null;
  /** Which question it answers (self-interviews): the fixed question, the follow-up after it, the words asked. */
  question?: { index: number; follow_up: number | null; text: string | null } | null;
  /** Staff asked the candidate to answer this question again (a newer recording of it replaces this one). */
  retake_request?: { reason: string; requested_by: string; requested_at: string } | null;
  /** Where the interviewee's voice is: a video call keeps each side on its own channel. */
  audio?: 'mixed' | 'interviewee_left_interviewer_right';
  created_at: string;
  /** Staff only (admin, interviewer, expert), once uploaded: a presigned GET of the video (answers Range requests); null for interviewees. */
  download_url?: string | null;
  /** Staff only, once analysed: a presigned GET of the per-second {@link Timeline} for the chart under the player; null for interviewees. */
  timeline_url?: string | null;
}

export interface UploadTicket {
  recording_id: string;
  upload_url: string;
  method: string;
  headers: Record<string, string>;
  expires_at: string;
}

/** The analysis timeline: one value per second from 0 (shared/analysis README). */
export interface Timeline {
  speaking: number[];
  face_present: number[];
  smiling: number[];
  /** Video calls with the voices apart: the interviewer's speaking per second (`speaking` is then the interviewee's). */
  interviewer_speaking?: number[];
}

/** A caveat on a model or a prediction, in both languages (shared/ml card.rs `Warning`). */
export interface ModelWarning {
  code: string;
  ja: string;
  en: string;
}

export interface FeatureContribution {
  feature: string;
  label_ja: string;
  label_en: string;
  /** Score units; positive raises the predicted score. */
  contribution: number;
  value: number | null;
}
export interface ItemPrediction {
  item: string;
  name: string;
  score: number;
  /** The interval (the card's `interval_level`, 80%) on the item's scale. */
  low: number;
  high: number;
  top_features: FeatureContribution[];
}
export interface Prediction {
  interview_id: string;
  model_id: string;
  model_version: number;
  recordings: string[];
  result: { items: ItemPrediction[]; warnings: ModelWarning[] };
  created_at: string;
}
export type PredictionStatus = 'ready' | 'no_model' | 'consent_missing' | 'not_yet_available';
export interface PredictionView {
  status: PredictionStatus;
  prediction: Prediction | null;
}

export interface CvMetrics {
  n: number;
  mae: number;
  rmse: number;
  pearson_r: number | null;
  spearman_rho: number | null;
}
export interface ItemCard {
  id: string;
  name: string;
  min: number;
  max: number;
  n: number;
  model: { kind: string };
  cv: CvMetrics;
  conformal_quantile: number;
}
export interface ModelCard {
  created_at: string;
  training_interviews: number;
  experts: number;
  interval_level: number;
  items: ItemCard[];
  warnings: ModelWarning[];
}
export interface ProvidedFrom {
  tenant: string;
  model_id: string;
  version: number;
  imported_at: string;
  imported_by: string;
}
export interface ModelView {
  id: string;
  version: number;
  created_at: string;
  requested_by: string | null;
  onnx_key: string;
  card_key: string;
  stats_keys?: { json: string; workbook: string } | null;
  provided?: ProvidedFrom | null;
  card: ModelCard;
  active: boolean;
}
// Training requests and readiness (issue 14, item 5).
export type TrainingState = 'queued' | 'running' | 'trained' | 'refused' | 'failed';
export type RefusalCode =
  | 'no_evaluation_items'
  | 'too_few_rated_interviews'
  | 'ratings_all_alike'
  | 'no_usable_features'
  | 'training_data_unusable';
export interface Refusal {
  code: RefusalCode;
  have?: number;
  need?: number;
}
export interface TrainingRequest {
  id: string;
  state: TrainingState;
  /** null: requested automatically after new expert ratings. */
  requested_by: string | null;
  requested_at: string;
  updated_at: string;
  model_id?: string;
  version?: number;
  refusal?: Refusal;
}
export interface TrainingAccepted {
  request_id: string;
  state: TrainingState;
}
export interface ItemReadiness {
  item_id: string;
  name: string;
  rated_interviews: number;
  all_same_score: boolean;
  ready: boolean;
}
export interface TrainingReadiness {
  ready: boolean;
  need: number;
  have: number;
  analysed_interviews: number;
  items: ItemReadiness[];
  refusal: Refusal | null;
}
export interface ModelSettings {
  auto_retrain: boolean;
  retrain_after_ratings: number;
  /** Train on the conversation features (conversation.*) from transcripts too. */
  conversation_features?: boolean;
  /** Show reference scores as numbers in the interviewee's feedback. */
  feedback_shows_scores?: boolean;
  /**
   * Let the deployment's language model (Amazon Bedrock) reword follow-up questions and feedback drafts (the
   * interviewee's answers are then sent to it). Off by default; without effect where no model is configured.
   */
  language_model_wording?: boolean;
}
export interface StatTest {
  coefficient: number;
  p: number;
  q: number;
}
export interface Relation {
  item: string;
  feature: string;
  feature_ja: string;
  feature_en: string;
  n: number;
  pearson?: StatTest | null;
  spearman?: StatTest | null;
}
export interface ModelStatistics {
  model_id: string;
  statistics: {
    interviews: number;
    items: { id: string; name: string; rated_interviews: number }[];
    relations: Relation[];
    dataset_hash: string;
  };
  workbook_url: string;
  workbook_url_expires_at: string;
}

/** Transcript formats `PUT /interviews/{id}/transcript` and `POST /reports` take. */
export type TranscriptFormat = 'vtt' | 'srt' | 'text' | 'transcribe_json';

/** One answer of the summary: the question asked (when the transcript has one) and the sentences kept. */
export interface SummarisedAnswer {
  question: string | null;
  sentences: string[];
}
export interface InterviewSummary {
  interview_id: string;
  /** The transcript's name for the interviewee (found automatically unless given). */
  interviewee_speaker: string;
  /** Every speaker of the transcript (newer servers); the selector to correct the interviewee needs it. */
  speakers?: string[];
  answers: SummarisedAnswer[];
  /** Characters kept, of `source_chars` (the interviewee's characters in the transcript). */
  chars: number;
  source_chars: number;
  transcript_key: string;
  created_at: string;
  created_by: string;
}

export type FeedbackState = 'draft' | 'approved';
/**
 * Who worded a text: Mendan's templates, or the deployment's language model (used only when its wording passed the
 * server's checks against the templates' findings). Older servers do not say (read as `templates`).
 */
export type WrittenBy = 'templates' | 'language_model';
/** How well the answers address a content criterion. */
export type Coverage = 'found' | 'partly' | 'not_found';
export interface CriterionCheck {
  name: string;
  /** Missing from older servers: then `met` says found or not found. */
  coverage?: Coverage;
  /** Found or partly found. */
  met: boolean;
  /** The interviewee's own sentence that shows the criterion; none when it was not found. */
  evidence: string | null;
  /** The criterion's words that sentence uses. */
  matched?: string[];
  similarity: number;
}
/** The language the interviewee answered in: the feedback must be written in it, the other is optional. */
export type FeedbackLanguage = 'ja' | 'en';
export interface InterviewFeedback {
  interview_id: string;
  state: FeedbackState;
  ja: string[];
  en: string[];
  criteria: CriterionCheck[];
  /** Missing from older servers: Japanese. */
  language?: FeedbackLanguage;
  generated_at: string;
  approved_by: string | null;
  approved_at: string | null;
  /** Who worded the draft (the interviewer may have edited it since). */
  written_by?: WrittenBy;
}

export type StarPart = 'situation' | 'task' | 'action' | 'result';
export interface FollowUp {
  probes: StarPart | null;
  ja: string;
  en: string;
}
export interface FollowUps {
  follow_ups: FollowUp[];
  /** Who worded the follow-ups; the interviewee's screen does not show it. */
  written_by?: WrittenBy;
  /** Asked with the answer's recording: it is still being transcribed, ask again shortly. */
  transcribing?: boolean;
}

export interface ReportItem {
  name: string;
  description: string;
  keywords: string[];
}
export interface ReportItems {
  items: ReportItem[];
}
export type ReportState = 'pending' | 'ready' | 'failed';
export interface Download {
  url: string;
  method: string;
  headers: Record<string, string>;
  expires_at: string;
}
/** What a report is made from; older servers do not say (read as `transcript`). */
export type ReportSource = 'transcript' | 'recording';
export interface Report {
  id: string;
  title: string;
  state: ReportState;
  created_at: string;
  error: string | null;
  source?: ReportSource;
  /** On `GET /reports/{id}` once ready: a presigned link to the workbook. */
  download?: Download | null;
}
/** `POST /reports` with `{title, recording: {content_type, size_bytes}}`: where to PUT the recording (one hour). */
export interface RequestedReport extends Report {
  upload?: Download | null;
}

/**
 * `GET …/summary` and `GET …/feedback` answer 200 with `{"state": "none"}` when there is none yet (404 only for an
 * interview the caller cannot see); otherwise the summary with `state: "ready"`, or the feedback with its own state.
 */
export interface NoneYet {
  state: 'none';
}
export type SummaryAnswer = NoneYet | (InterviewSummary & { state: 'ready' });
export type FeedbackAnswer = NoneYet | InterviewFeedback;

// Issue 14 item 11: the tenant's consent texts, versioned (GET/PUT /consent-texts, GET /consent-texts/{version}).
export interface ConsentWording {
  recording: string;
  ai_evaluation: string;
  training_use: string;
  purpose: string;
  processors: string;
  retention: string;
  withdrawal: string;
}
export interface ConsentTextsInput {
  operator: string;
  /** An e-mail address or an https page; empty in the default (the hiring staff who sent the invitation). */
  contact: string;
  privacy_policy_url?: string | null;
  ja: ConsentWording;
  en: ConsentWording;
}
export interface ConsentTexts extends ConsentTextsInput {
  /** What a consent decision records as text_version. */
  version: string;
  saved_at: string | null;
  saved_by: string | null;
}

/** POST interviews/{id}/call: how this browser joins the interview's video call. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}
export interface CallJoin {
  interview_id: string;
  role: 'master' | 'viewer';
  seat: 'interviewer' | 'interviewee' | 'observer';
  client_id: string;
  signaling_url: string;
  ice_servers: IceServer[];
  expires_at: string;
  open_until: string;
  /** The interviewee's decision about the recording; absent while undecided. */
  recording_consented?: boolean;
  /** The interviewer's share of the speaking time, in percent, above which the live hints suggest listening more. */
  talk_share_limit?: number;
  /** The interviewee's browser also sends the server's copy of the call (POST …/call/copy). */
  server_copy?: boolean;
}
/** The tenant's video call settings (admin). */
export interface CallPolicy {
  server_copy: boolean;
  /** Percent, 20..80. */
  talk_share_limit: number;
}
export interface CallAttendance {
  interview_id: string;
  user_id: string;
  seat: CallJoin['seat'];
  first_joined_at: string;
  last_joined_at: string;
  joins: number;
  /** When they last left by the call screen's leave button. */
  left_at?: string | null;
}
