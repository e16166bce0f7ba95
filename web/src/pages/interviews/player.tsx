// Interview detail: the video player of a recording (keeps its first presigned link, finds a WebM's length).
import { useEffect, useState } from 'react';

/** The video of a recording; keeps the first link it got, so the list refreshing does not restart playback. */
export function Player({ url, label }: { url: string; label: string }) {
  const [src, setSrc] = useState(url);
  const key = url.split('?')[0];
  useEffect(() => setSrc(url), [key]);
  return (
    <video
      controls
      preload="metadata"
      playsInline
      src={src}
      className="player"
      aria-label={label}
      data-testid="player"
      onLoadedMetadata={(e) => revealDuration(e.currentTarget)}
    />
  );
}

/**
 * Browser recordings (MediaRecorder WebM) carry no duration, so the player shows 0:00 and cannot seek well:
 * a seek far past the end makes the browser find the real length, then playback goes back to the start.
 */
function revealDuration(v: HTMLVideoElement) {
  if (Number.isFinite(v.duration)) return;
  const back = () => {
    v.removeEventListener('durationchange', known);
    v.removeEventListener('seeked', back);
    v.currentTime = 0;
  };
  const known = () => Number.isFinite(v.duration) && back();
  v.addEventListener('durationchange', known);
  // if the length stays unknown, the end of the seek still brings playback back to the start
  v.addEventListener('seeked', back);
  v.currentTime = 1e7;
}
