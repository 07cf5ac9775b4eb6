export { ATTACHMENT_CLIENT_CONFIG, FileStoreAccessError, S3FileStore } from './s3-file-store.ts';
