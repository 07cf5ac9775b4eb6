import { createDocumentClient, createRepositories } from '#store';
import { config, required } from './config.ts';

/** The repositories on the stack's table, for the functions that use it (not every one does). */
export function tableRepositories() {
  return createRepositories(createDocumentClient(), tableName());
}

/** The stack's table: a function that uses it fails its start without it. */
export function tableName(): string {
  return required(config.tableName, 'TABLE_NAME');
}
