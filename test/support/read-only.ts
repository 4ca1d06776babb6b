/**
 * Makes a file or directory read-only for this process, even as root (which ignores
 * modes: then the immutable attribute is set too). Returns a function that undoes it,
 * or `undefined` when the file stays writable here, so the test can skip.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, openSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function makeReadOnly(target: string): (() => void) | undefined {
  const directory = statSync(target).isDirectory();
  const mode = statSync(target).mode & 0o777;
  chmodSync(target, directory ? 0o555 : 0o444);
  const restoreMode = (): void => chmodSync(target, mode);
  if (!writable(target, directory)) return restoreMode;
  try {
    execFileSync('chattr', ['+i', target], { stdio: 'ignore' });
  } catch {
    restoreMode();
    return undefined;
  }
  const restore = (): void => {
    execFileSync('chattr', ['-i', target], { stdio: 'ignore' });
    restoreMode();
  };
  if (!writable(target, directory)) return restore;
  restore();
  return undefined;
}

function writable(target: string, directory: boolean): boolean {
  try {
    if (directory) {
      const probe = path.join(target, '.write-probe');
      writeFileSync(probe, '');
      unlinkSync(probe);
    } else {
      closeSync(openSync(target, 'r+'));
    }
    return true;
  } catch {
    return false;
  }
}
