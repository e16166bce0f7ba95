// Interviewee: sending one recorded answer — sign (POST .../recordings), PUT with progress, retries — for the
// run page's submit and for the answers a previous visit left in IndexedDB.
import { useCallback, useRef, useState } from 'react';
import type { Api } from '../../api/client';
import type { UploadTicket } from '../../api/types';
import { askedOf } from '../../lib/followups';
import { pendingStore, type PendingAnswer } from '../../lib/progress';
import { uploadWithRetry, xhrPut } from '../../lib/upload';

export function useAnswerUpload(api: Api, id: string) {
  const [upload, setUpload] = useState(0);
  const [retrying, setRetrying] = useState(0);
  /** The answer being uploaded, with its latest ticket, so "retry" reuses the same recording id. */
  const pendingRef = useRef<PendingAnswer | null>(null);

  /** Sends `a`; resolves to the id of the recording it became. */
  const uploadOne = useCallback(
    async (a: PendingAnswer): Promise<string | null> => {
      setUpload(0);
      setRetrying(0);
      let signed = a.ticket ?? null;
      await uploadWithRetry(
        {
          sign: () =>
            api.post<UploadTicket>(`/interviews/${id}/recordings`, {
              content_type: a.contentType,
              size_bytes: a.blob.size,
              ...askedOf(a.index),
              question_text: a.questionText,
            }),
          put: xhrPut(a.blob),
        },
        {
          ticket: a.ticket,
          onTicket: (ticket) => {
            signed = ticket;
            const withTicket = { ...a, ticket };
            if (pendingRef.current?.id === a.id) pendingRef.current = withTicket;
            void pendingStore.put(withTicket);
          },
          onProgress: setUpload,
          onRetry: (n) => setRetrying(n),
        },
      );
      await pendingStore.remove(a.id);
      return signed?.recording_id ?? null;
    },
    [api, id],
  );


  return { upload, retrying, pendingRef, uploadOne };
}
