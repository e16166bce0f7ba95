// Small Teams-style WebVTT transcripts for the scenario (voices `<v 名前>`), written here rather than shipped.
const interview = [
  ['面接官', '本日はよろしくお願いします。まず、これまでの仕事で成果を上げた経験を教えてください。'],
  ['候補者', 'はい、よろしくお願いします。前職では物流センターの出荷管理を担当していました。出荷の遅れが毎月のように起きていたので、原因を調べることから始めました。作業の記録を二週間集めて、ピッキングの順番に無駄が多いことを見つけました。棚の配置と作業の順番を見直した結果、出荷の遅れを三か月で四割減らすことができました。'],
  ['面接官', 'ありがとうございます。その中で一番難しかったことは何ですか。'],
  ['候補者', '現場の方々に新しいやり方を受け入れてもらうことが一番難しかったです。最初は反対の声も多くありました。そこで、一つの班だけで二週間試してもらい、数字で効果を見せました。効果が分かってからは、ほかの班からも導入したいと言ってもらえました。'],
  ['面接官', '最後に、入社後に挑戦したいことを教えてください。'],
  ['候補者', 'データを使って現場の改善を続ける仕組みを作りたいです。一度の改善で終わらせず、毎週数字を確認する習慣をチームに根づかせたいと考えています。そのために、まずは現場の方の話をよく聞くところから始めます。'],
  // issue 14 item 2: the walk's answers, which plainly show leadership and cooperation
  ['面接官', 'チームで取り組んだ経験があれば教えてください。'],
  ['候補者', '学生時代は飲食店でアルバイトをしていました。リーダーとして新メニューのキャンペーンを企画しました。人手が足りない日が続いたので、店長と相談して分担表を作りました。'],
  ['面接官', '本日はありがとうございました。'],
];

const meeting = [
  ['佐藤', '定例会議を始めます。まず来月の予算について確認します。広告費は前月より一割増やす予定です。'],
  ['鈴木', '予算の件、承知しました。採用のほうは、面接の日程を来週までに確定させます。応募者は十二名です。'],
  ['佐藤', '採用の面接官は三名でお願いします。次に、新しい研修の準備状況を教えてください。'],
  ['田中', '研修の資料は今週中に完成します。予算内で外部講師も手配できました。'],
];

const clock = (s) => `00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.000`;

function vtt(cues) {
  let at = 1;
  let out = 'WEBVTT\n\n';
  cues.forEach(([who, text], i) => {
    const d = Math.max(3, Math.round(text.length / 8));
    out += `${i + 1}\n${clock(at)} --> ${clock(at + d)}\n<v ${who}>${text}</v>\n\n`;
    at += d + 1;
  });
  return out;
}

/** A face-to-face interview: 面接官 asks three questions, 候補者 answers in several sentences. */
export const interviewVtt = () => vtt(interview);
/** A team meeting for the report (three speakers, budget and hiring talk). */
export const meetingVtt = () => vtt(meeting);
