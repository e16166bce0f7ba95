// The admin pages: one lazily loaded chunk (see App.tsx), one module per page.
export { Users } from './users';
export { Items } from './items';
export { QuestionSets } from './questionSets';
export { Models } from './models';
export { SentMail } from './sentMail';
export { TenantSettings } from './tenant';
export { Ethics } from './ethics';
