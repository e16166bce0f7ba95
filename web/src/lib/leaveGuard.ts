/**
 * Leaving a page that holds unsaved work (an answer being recorded or sent): the header's links and
 * sign-out ask first. `beforeunload` covers closing and reloading the tab; this covers the app's own
 * navigation, which never unloads the page.
 */
let reason: string | null = null;

/** Sets (or, with null, clears) the question asked before leaving. */
export function guardLeaving(question: string | null) {
  reason = question;
}

/** Whether leaving may go ahead: always when nothing is guarded, else what the person answers. */
export function mayLeave(ask: (question: string) => boolean = (q) => window.confirm(q)): boolean {
  return reason === null || ask(reason);
}

/**
 * A capture-phase click handler for the header: a click on a link or button there is stopped when the
 * person chooses to stay.
 */
export function guardClicks(event: { target: EventTarget | null; preventDefault(): void; stopPropagation(): void }, ask?: (q: string) => boolean) {
  const target = event.target as Element | null;
  if (!target || typeof target.closest !== 'function' || !target.closest('a, button')) return;
  if (!mayLeave(ask)) {
    event.preventDefault();
    event.stopPropagation();
  }
}
