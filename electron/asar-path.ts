/**
 * Where a packaged file really is. electron-builder packs the app into
 * `resources/app.asar` and copies the files `asarUnpack` names to
 * `resources/app.asar.unpacked/` at the same relative path; code that must run
 * from the real file system (the guest worker threads) is started from there.
 */
import { sep } from 'node:path';

/** `path` with its `*.asar` folder replaced by `*.asar.unpacked`; unchanged outside an archive (development). */
export function unpackedPath(path: string): string {
  const parts = path.split(sep);
  const archive = parts.findIndex((part) => part.endsWith('.asar'));
  if (archive === -1) return path;
  parts[archive] = `${parts[archive]}.unpacked`;
  return parts.join(sep);
}
