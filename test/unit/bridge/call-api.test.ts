import { describe, expect, it } from 'vitest';
import { callArgumentsProblem } from '../../../runtime/api/contract.js';
import { callApi } from '../../../runtime/bridge/call-api.js';

describe('callApi', () => {
  it('calls the method with the arguments given, on the API itself', async () => {
    const api = {
      prefix: 'opened ',
      openProject(this: { prefix: string }, path: string) {
        return Promise.resolve(`${this.prefix}${path}`);
      },
    };
    await expect(callApi(api as never, 'openProject', ['/home/me/app'])).resolves.toBe('opened /home/me/app');
  });

  it("refuses arguments the contract's table does not accept, in its words, before the API sees them", async () => {
    let called = false;
    const api = { keyValueSet: () => Promise.resolve(void (called = true)) };
    const refusal = callApi(api, 'keyValueSet', ['default', 'counter', 'not bytes']);
    await expect(refusal).rejects.toMatchObject({ code: 'SPINSCOPE_USAGE', message: callArgumentsProblem('keyValueSet', ['default', 'counter', 'not bytes']) });
    expect(called).toBe(false);
  });

  it('rejects when the method throws rather than rejects', async () => {
    const failure = new Error('thrown');
    const api = {
      status: () => {
        throw failure;
      },
    };
    await expect(callApi(api, 'status', [])).rejects.toBe(failure);
  });

  it('refuses a method the API does not have, such as the desktop-only folder picker', async () => {
    await expect(callApi({}, 'pickProject', [])).rejects.toMatchObject({ code: 'SPINSCOPE_USAGE', message: 'pickProject is not available here' });
  });
});
