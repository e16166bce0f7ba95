/**
 * What survives a reload of the self-interview: which answers are uploaded (localStorage) and the
 * recorded-but-not-yet-uploaded answers themselves (IndexedDB), so nothing finished is lost.
 */
import type { FollowUp, UploadTicket } from '../api/types';

export interface Progress {
  /** Indices of the questions whose answer is uploaded (follow-ups use the indices of `src/lib/followups.ts`). */
  uploaded: number[];
  practiceDone: boolean;
  /** Takes used per question index (for the retake limit). */
  takes: Record<number, number>;
  /** Questions whose follow-up stage is over: asked for, skipped, or none offered. */
  settled: number[];
  /** The follow-up questions received per question index, kept so a reload asks the same ones. */
  followUps: Record<number, FollowUp[]>;
}

const key = (interviewId: string) => `mendan.progress.${interviewId}`;

export function emptyProgress(): Progress {
  return { uploaded: [], practiceDone: false, takes: {}, settled: [], followUps: {} };
}

export function parseProgress(raw: string | null): Progress {
  if (!raw) return emptyProgress();
  try {
    const p = JSON.parse(raw) as Partial<Progress>;
    return {
      uploaded: Array.isArray(p.uploaded) ? p.uploaded.filter((n) => Number.isInteger(n) && n >= 0) : [],
      practiceDone: p.practiceDone === true,
      takes: typeof p.takes === 'object' && p.takes !== null ? p.takes : {},
      settled: Array.isArray(p.settled) ? p.settled.filter((n) => Number.isInteger(n) && n >= 0) : [],
      followUps: typeof p.followUps === 'object' && p.followUps !== null && !Array.isArray(p.followUps) ? p.followUps : {},
    };
  } catch {
    return emptyProgress();
  }
}

export function loadProgress(interviewId: string, storage: Pick<Storage, 'getItem'> = localStorage): Progress {
  return parseProgress(storage.getItem(key(interviewId)));
}

export function saveProgress(interviewId: string, p: Progress, storage: Pick<Storage, 'setItem'> = localStorage) {
  storage.setItem(key(interviewId), JSON.stringify(p));
}

/** The first question not uploaded yet, or `count` when all are. */
export function nextQuestion(p: Progress, count: number): number {
  for (let i = 0; i < count; i++) if (!p.uploaded.includes(i)) return i;
  return count;
}

export interface PendingAnswer {
  id: string; // `${interviewId}:${index}`
  interviewId: string;
  index: number;
  /** The words asked, kept with the answer (follow-ups are generated). */
  questionText?: string;
  blob: Blob;
  contentType: string;
  ticket: UploadTicket | null;
  /** Recorded but not submitted yet: kept so a reload returns to its review, never uploaded by itself. */
  draft?: boolean;
}

/** The key of the draft of question `index`: beside the pending answers, apart from them. */
export const draftId = (interviewId: string, index: number) => `${interviewId}:${index}:draft`;

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('mendan', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('pending', { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  return new Promise<T>((resolve, reject) => {
    const t = db.transaction('pending', mode);
    const req = run(t.objectStore('pending'));
    t.oncomplete = () => {
      db.close();
      resolve(req.result);
    };
    t.onerror = () => reject(t.error);
  });
}

/** The answer under review for one question, kept across a reload (see {@link PendingAnswer.draft}). */
export const draftStore = {
  async put(interviewId: string, index: number, blob: Blob) {
    const id = draftId(interviewId, index);
    await pendingStore.put({ id, interviewId, index, blob, contentType: blob.type || 'video/webm', ticket: null, draft: true });
  },
  async get(interviewId: string, index: number): Promise<Blob | null> {
    try {
      const found = await tx<PendingAnswer | undefined>('readonly', (s) => s.get(draftId(interviewId, index)) as IDBRequest<PendingAnswer | undefined>);
      return found?.blob ?? null;
    } catch {
      return null;
    }
  },
  remove: (interviewId: string, index: number) => pendingStore.remove(draftId(interviewId, index)),
};

export const pendingStore = {
  async put(a: PendingAnswer) {
    try {
      await tx('readwrite', (s) => s.put(a));
    } catch {
      // private mode without IndexedDB: the answer is uploaded directly, only resume is lost
    }
  },
  async remove(id: string) {
    try {
      await tx('readwrite', (s) => s.delete(id));
    } catch {
      /* see put */
    }
  },
  async list(interviewId: string): Promise<PendingAnswer[]> {
    try {
      const all = await tx<PendingAnswer[]>('readonly', (s) => s.getAll() as IDBRequest<PendingAnswer[]>);
      return all.filter((a) => a.interviewId === interviewId && !a.draft).sort((a, b) => a.index - b.index);
    } catch {
      return [];
    }
  },
};
