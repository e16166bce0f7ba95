// The interview pages of staff (admins, interviewers, experts): one lazily loaded chunk (see App.tsx).
export { InterviewList } from './list';
export { Schedule } from './schedule';
export { InterviewDetail } from './detail';
export { ExpertQueue } from './queue';
