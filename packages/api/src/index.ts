export {
  type AccessControl,
  type Action,
  type Caller,
  openAccess,
  PUBLIC_ROUTES,
  readOnlyAccess,
} from './access.ts';
export { type ApiDependencies, createApp, MAX_BODY_BYTES } from './app.ts';
export { createExportApp, type ExportAppDependencies } from './export-app.ts';
export { type TokenAccessSettings, tokenAccess } from './identity/token-access.ts';
export type { AttachmentContent, ContentUpload } from './routes/attachments.ts';
export type { DevIdentity } from './routes/dev-identity.ts';
export {
  type WorkbookWriter,
  XLSX_EXPORT_ROUTES,
} from './routes/xlsx-exports.ts';
