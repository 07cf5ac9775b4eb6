import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Where a running `npm start` says where it is, so that the command-line tools (`npm run import`)
 * find its DynamoDB Local without being told: its ports are picked free at every start.
 */
export const RUNTIME_FILE = '.local/runtime.json';

export interface RuntimeInfo {
  pid: number;
  apiUrl: string;
  dynamoEndpoint: string;
  tableName: string;
}

export function writeRuntimeFile(info: RuntimeInfo, path = RUNTIME_FILE): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(info, null, 2)}\n`);
}

/** The running `npm start`, if its file is there and its process alive. */
export function readRuntimeFile(path = RUNTIME_FILE): RuntimeInfo | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as RuntimeInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}

/** Removes the file, if it is this process's. */
export function removeRuntimeFile(path = RUNTIME_FILE): void {
  if (readRuntimeFile(path)?.pid === process.pid) rmSync(path, { force: true });
}
