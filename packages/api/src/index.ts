export {
  type AccessControl,
  type Action,
  type Caller,
  openAccess,
  PUBLIC_PATHS,
  readOnlyAccess,
} from './access.ts';
export { type ApiDependencies, createApp, MAX_BODY_BYTES } from './app.ts';
