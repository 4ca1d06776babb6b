import { componentWit } from '@bytecodealliance/jco';
import { EngineError } from './engine-error.js';

/** `import wasi:io/streams@0.2.12;` or `import spin:x/y@1.0.0;` at the top of the world. */
const INTERFACE_IMPORT = /^\s*import\s+([^\s;:]+:[^\s;]+);\s*$/;

/** A whole-world function or type import (`import foo: func();`), which no host provides. */
const NAMED_IMPORT = /^\s*import\s+([^\s:;]+)\s*:/;

/**
 * The interfaces a component imports, versioned as it names them
 * (`wasi:http/types@0.2.3`), read from its WIT (what `jco wit` prints).
 */
export async function componentImports(component: Uint8Array): Promise<string[]> {
  const wit = await componentWit(component);
  const start = wit.indexOf('\nworld ');
  if (start === -1) throw new EngineError('jco printed no world for the component');
  const world = wit.slice(start);
  return world.split('\n').flatMap((line) => {
    const match = INTERFACE_IMPORT.exec(line) ?? NAMED_IMPORT.exec(line);
    return match?.[1] === undefined ? [] : [match[1]];
  });
}
