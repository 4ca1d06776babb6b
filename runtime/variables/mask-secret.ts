const MASK = '****';

/**
 * A secret's display form: never the value, at most its first two characters, and
 * those only when the value is long enough (12+) that they give little away.
 */
export function maskSecret(value: string): string {
  const chars = [...value];
  return chars.length >= 12 ? `${chars.slice(0, 2).join('')}${MASK}` : MASK;
}
