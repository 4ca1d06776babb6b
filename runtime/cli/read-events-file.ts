import { readFile } from 'node:fs/promises';
import type { SpinscopeEvent } from '../api/events.js';
import { UsageError } from '../errors/spinscope-error.js';

/**
 * The events of an `--events-out` file, one JSON object per line (docs/events.md), in
 * order. Blank lines are skipped; a line that is not a JSON event is refused with its
 * file:line, as is a file that cannot be read.
 */
export async function readEventsFile(file: string): Promise<SpinscopeEvent[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : (error as Error).message;
    throw new UsageError(`--events ${file}: ${why}; give the JSON lines file spinscope up --events-out FILE wrote`, { cause: error });
  }
  return text.split('\n').flatMap((line, index): SpinscopeEvent[] => {
    if (line.trim() === '') return [];
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch (error) {
      throw new UsageError(`${file}:${index + 1}: not a line of JSON (${(error as Error).message}); is this an --events-out file?`, { cause: error });
    }
    if (typeof event !== 'object' || event === null || typeof (event as { kind?: unknown }).kind !== 'string' || typeof (event as { id?: unknown }).id !== 'string') {
      throw new UsageError(`${file}:${index + 1}: not an event (an object with "kind" and "id"); is this an --events-out file?`);
    }
    return [event as SpinscopeEvent];
  });
}
