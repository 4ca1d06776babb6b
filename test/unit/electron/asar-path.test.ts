import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unpackedPath } from '../../../electron/asar-path.js';

describe('unpackedPath', () => {
  it('names the copy electron-builder unpacks beside the archive', () => {
    expect(unpackedPath(join('/opt/Spinscope/resources/app.asar', 'dist/runtime/engine/guest-worker.js'))).toBe(
      join('/opt/Spinscope/resources/app.asar.unpacked', 'dist/runtime/engine/guest-worker.js'),
    );
  });

  it('leaves a path outside an archive alone (development)', () => {
    expect(unpackedPath('/home/me/spinscope/dist/runtime/engine/guest-worker.js')).toBe('/home/me/spinscope/dist/runtime/engine/guest-worker.js');
    expect(unpackedPath('/home/me/app.asarx/guest-worker.js')).toBe('/home/me/app.asarx/guest-worker.js');
  });
});
