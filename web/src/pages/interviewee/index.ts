// The interviewee's screens: one lazily loaded chunk (see App.tsx), one module per screen.
export { MyInterviews } from './myInterviews';
export { Consent } from './consent';
export { DeviceCheck } from './deviceCheck';
export { SelfInterview } from './run';
export { Done } from './done';
