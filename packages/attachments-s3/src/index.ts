export { ATTACHMENT_CLIENT_CONFIG, S3FileStore } from './s3-file-store.ts';
