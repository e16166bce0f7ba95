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

  const uploadOne = useCallback(
    async (a: PendingAnswer) => {
      setUpload(0);
      setRetrying(0);
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
            const withTicket = { ...a, ticket };
            if (pendingRef.current?.id === a.id) pendingRef.current = withTicket;
            void pendingStore.put(withTicket);
          },
          onProgress: setUpload,
          onRetry: (n) => setRetrying(n),
        },
      );
      await pendingStore.remove(a.id);
    },
    [api, id],
  );


  return { upload, retrying, pendingRef, uploadOne };
}
