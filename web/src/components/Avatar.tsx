import { useEffect, useState } from 'react';

/**
 * The interview avatar: a calm drawn face whose mouth opens and closes while it speaks.
 * Decorative apart from its label; the subtitles carry the words.
 */
export function Avatar({ speaking, label }: { speaking: boolean; label: string }) {
  const [open, setOpen] = useState(0);
  useEffect(() => {
    if (!speaking) {
      setOpen(0);
      return;
    }
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    let i = 0;
    const pattern = [0.2, 0.8, 0.5, 1, 0.3, 0.7, 0.1, 0.9];
    const id = window.setInterval(() => {
      i = (i + 1) % pattern.length;
      setOpen(reduce ? 0.4 : pattern[i]);
    }, 120);
    return () => window.clearInterval(id);
  }, [speaking]);
  const mouthH = 2 + open * 14;
  return (
    <svg className="avatar" viewBox="0 0 200 200" role="img" aria-label={label} data-speaking={speaking ? 'true' : 'false'}>
      <circle cx="100" cy="100" r="96" fill="#e8eef7" />
      <path d="M40 190 Q100 130 160 190 Z" fill="#3b5b87" />
      <ellipse cx="100" cy="92" rx="52" ry="60" fill="#f6d7bf" />
      <path d="M48 80 Q52 28 100 30 Q150 30 152 80 Q140 52 100 52 Q62 52 48 80 Z" fill="#3a2e2a" />
      <ellipse cx="80" cy="90" rx="6" ry="7" fill="#2b2b2b" />
      <ellipse cx="120" cy="90" rx="6" ry="7" fill="#2b2b2b" />
      <path d="M70 76 Q80 71 90 76" stroke="#3a2e2a" strokeWidth="3" fill="none" strokeLinecap="round" />
      <path d="M110 76 Q120 71 130 76" stroke="#3a2e2a" strokeWidth="3" fill="none" strokeLinecap="round" />
      <path d="M100 96 Q96 110 102 112" stroke="#c9a48c" strokeWidth="2" fill="none" />
      <ellipse className="mouth" cx="100" cy="128" rx="14" ry={mouthH / 2} fill="#a0413c" />
      {!speaking && <path d="M86 126 Q100 136 114 126" stroke="#a0413c" strokeWidth="3" fill="none" strokeLinecap="round" />}
    </svg>
  );
}
