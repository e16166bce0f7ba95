// What the dictionaries say to people, read as an HR person or a candidate would (issue 14 item 12).
import { describe, expect, it } from 'vitest';
import { ja } from './ja';
import { en } from './en';

/** Names of programs, browser interfaces and storage that mean nothing to the people using Mendan. */
const JARGON: RegExp[] = [
  /mendan serve/i,
  /MediaRecorder/i,
  /IndexedDB/i,
  /localStorage/i,
  /getUserMedia/i,
  /WebRTC/i,
  /Web ?Speech/i,
  /ONNX/i,
  /DynamoDB/i,
  /SQLite/i,
  /Cognito/i,
  /ffmpeg/i,
  /\bJWT\b/,
  /problem\+json/i,
  /\bLambda\b/,
  /\bS3\b/,
  /\bcodecs?\b/i,
  /\bOpenAPI\b/i,
];

describe('user-facing words', () => {
  it('contain no technical jargon in either language', () => {
    const found: string[] = [];
    for (const [lang, dict] of [['ja', ja], ['en', en]] as const) {
      for (const [key, text] of Object.entries(dict)) {
        for (const word of JARGON) if (word.test(text)) found.push(`${lang} ${key}: ${word} in ${text}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('offer no menu item for tenant settings while there are none', () => {
    expect(Object.keys(ja).filter((k) => k.startsWith('nav.settings') || k.startsWith('settings.'))).toEqual([]);
  });
});
