import { describe, expect, it } from 'vitest';
import { decodeTranscript, formatFromFileName, hasSentences, keptPercent, speakerChoices } from './transcript';

describe('formatFromFileName', () => {
  it('maps the extensions the upload accepts, in any case', () => {
    expect(formatFromFileName('会議の記録.vtt')).toBe('vtt');
    expect(formatFromFileName('Meeting.VTT')).toBe('vtt');
    expect(formatFromFileName('zoom.srt')).toBe('srt');
    expect(formatFromFileName('notes.txt')).toBe('text');
    expect(formatFromFileName('transcribe-output.json')).toBe('transcribe_json');
  });
  it('refuses other files and names without an extension', () => {
    expect(formatFromFileName('recording.mp4')).toBeNull();
    expect(formatFromFileName('vtt')).toBeNull();
    expect(formatFromFileName('')).toBeNull();
  });
});

describe('decodeTranscript', () => {
  const utf8 = new TextEncoder().encode('WEBVTT\n\n<v 候補者>はい。</v>');
  it('reads UTF-8 with and without a byte-order mark', () => {
    expect(decodeTranscript(utf8)).toBe('WEBVTT\n\n<v 候補者>はい。</v>');
    expect(decodeTranscript(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe('WEBVTT\n\n<v 候補者>はい。</v>');
  });
  it('reads UTF-16 with a mark', () => {
    const s = '面接官: こんにちは';
    const le = new Uint8Array(2 + s.length * 2);
    le[0] = 0xff;
    le[1] = 0xfe;
    for (let i = 0; i < s.length; i++) {
      le[2 + i * 2] = s.charCodeAt(i) & 0xff;
      le[3 + i * 2] = s.charCodeAt(i) >> 8;
    }
    expect(decodeTranscript(le)).toBe(s);
  });
  it('falls back to Shift_JIS when the bytes are not UTF-8', () => {
    // 「はい」 in Shift_JIS
    expect(decodeTranscript(new Uint8Array([0x82, 0xcd, 0x82, 0xa2]))).toBe('はい');
  });
});

describe('summary arithmetic', () => {
  it('gives the kept share as a whole percentage', () => {
    expect(keptPercent({ chars: 25, source_chars: 130 })).toBe(19);
    expect(keptPercent({ chars: 0, source_chars: 0 })).toBe(0);
    expect(keptPercent({ chars: 50, source_chars: 40 })).toBe(100);
  });
  it('offers the speakers only when the server lists them, the current one included once', () => {
    expect(speakerChoices({ interviewee_speaker: '候補者' })).toBeNull();
    expect(speakerChoices({ interviewee_speaker: '候補者', speakers: ['面接官', '候補者', '面接官', ''] })).toEqual(['面接官', '候補者']);
    expect(speakerChoices({ interviewee_speaker: 'A', speakers: ['B'] })).toEqual(['A', 'B']);
  });
  it('knows an empty summary', () => {
    expect(hasSentences({ answers: [] })).toBe(false);
    expect(hasSentences({ answers: [{ question: 'Q', sentences: [] }] })).toBe(false);
    expect(hasSentences({ answers: [{ question: null, sentences: ['x'] }] })).toBe(true);
  });
});
