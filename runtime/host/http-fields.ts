/**
 * `resource fields` from `wasi:http/types@0.2.x`: header or trailer maps.
 *
 * Names are case-insensitive and kept lower-cased, values are bytes. Fields
 * handed out by the host (request headers, a response's headers after
 * construction) are immutable, as the WIT requires.
 */
import { err, ok, type WitResult } from './wit-result.js';

/** `variant header-error { invalid-syntax, forbidden, immutable }` */
export type HeaderError = { tag: 'invalid-syntax' } | { tag: 'forbidden' } | { tag: 'immutable' };

/** RFC 9110 `token`: what a field name may contain. */
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Control characters other than tab may not appear in a field value (RFC 9110 §5.5). */
const isValidValue = (value: Uint8Array): boolean => value.every((byte) => byte === 0x09 || (byte >= 0x20 && byte !== 0x7f));

/** `resource fields` (its WIT `constructor()` takes no arguments) */
export class Fields {
  readonly #entries: [string, Uint8Array][] = [];
  #immutable = false;

  /** `from-list: static func(entries: list<tuple<field-name,field-value>>) -> result<fields, header-error>;` */
  static fromList(entries: [string, Uint8Array][]): WitResult<Fields, HeaderError> {
    const fields = new Fields();
    for (const [name, value] of entries) {
      const appended = fields.append(name, value);
      if (appended.tag === 'err') return appended;
    }
    return ok(fields);
  }

  /** Fields the host hands to a guest read-only, such as an incoming request's headers. */
  static immutable(entries: Iterable<[string, Uint8Array]>): Fields {
    const fields = new Fields();
    for (const [name, value] of entries) fields.#entries.push([name.toLowerCase(), value]);
    fields.#immutable = true;
    return fields;
  }

  /** `get: func(name: field-name) -> list<field-value>;` */
  get(name: string): Uint8Array[] {
    const key = name.toLowerCase();
    return this.#entries.filter(([entry]) => entry === key).map(([, value]) => value);
  }

  /** `has: func(name: field-name) -> bool;` */
  has(name: string): boolean {
    const key = name.toLowerCase();
    return this.#entries.some(([entry]) => entry === key);
  }

  /** `set: func(name: field-name, value: list<field-value>) -> result<_, header-error>;` */
  set(name: string, values: Uint8Array[]): WitResult<undefined, HeaderError> {
    const refused = this.#refuse(name, values);
    if (refused) return err(refused);
    this.#remove(name);
    for (const value of values) this.#entries.push([name.toLowerCase(), value.slice()]);
    return ok(undefined);
  }

  /** `delete: func(name: field-name) -> result<_, header-error>;` */
  delete(name: string): WitResult<undefined, HeaderError> {
    const refused = this.#refuse(name, []);
    if (refused) return err(refused);
    this.#remove(name);
    return ok(undefined);
  }

  /** `append: func(name: field-name, value: field-value) -> result<_, header-error>;` */
  append(name: string, value: Uint8Array): WitResult<undefined, HeaderError> {
    const refused = this.#refuse(name, [value]);
    if (refused) return err(refused);
    this.#entries.push([name.toLowerCase(), value.slice()]);
    return ok(undefined);
  }

  /** `entries: func() -> list<tuple<field-name,field-value>>;` */
  entries(): [string, Uint8Array][] {
    return this.#entries.map(([name, value]) => [name, value]);
  }

  /** `clone: func() -> fields;` (the clone is mutable) */
  clone(): Fields {
    const copy = new Fields();
    for (const [name, value] of this.#entries) copy.#entries.push([name, value]);
    return copy;
  }

  /** Makes these fields read-only, as when they become a message's headers. */
  freeze(): this {
    this.#immutable = true;
    return this;
  }

  #refuse(name: string, values: Uint8Array[]): HeaderError | undefined {
    if (this.#immutable) return { tag: 'immutable' };
    if (!FIELD_NAME.test(name) || !values.every(isValidValue)) return { tag: 'invalid-syntax' };
    return undefined;
  }

  #remove(name: string): void {
    const key = name.toLowerCase();
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      if (this.#entries[i]![0] === key) this.#entries.splice(i, 1);
    }
  }
}
