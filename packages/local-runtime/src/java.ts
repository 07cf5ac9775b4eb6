import { spawnSync } from 'node:child_process';

/** Thrown when the machine lacks what DynamoDB Local needs; its message says what to install. */
export class MissingPrerequisiteError extends Error {
  override readonly name = 'MissingPrerequisiteError';
}

const INSTALL_HINT =
  'DynamoDB Local needs Java 17 or later. On Debian or Ubuntu: sudo apt-get install -y openjdk-17-jre-headless; ' +
  'elsewhere install a JDK or JRE 17+ and put `java` on the PATH.';

/** Checks that `java` 17+ is on the PATH and returns its major version. */
export function checkJava(): number {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new MissingPrerequisiteError(`Java was not found. ${INSTALL_HINT}`);
  }
  // `java -version` prints to stderr, e.g. `openjdk version "17.0.15" 2025-04-15`.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : 0;
  if (major < 17)
    throw new MissingPrerequisiteError(
      `Found Java ${major || 'of unknown version'}. ${INSTALL_HINT}`,
    );
  return major;
}
