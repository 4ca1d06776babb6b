import { describe, expect, it } from 'vitest';
import { allowChoices } from '../../../renderer/format/allow-choices.js';
import { AllowedHosts } from '../../../runtime/permissions/index.js';

describe('allowChoices: what "Allow" may add for a denied destination', () => {
  it.each([
    ['https://api.example.com', ['https://api.example.com', 'https://*.example.com', 'https://api.example.com:*']],
    ['http://127.0.0.1:8080', ['http://127.0.0.1:8080', 'http://127.0.0.1:*']],
    ['https://example.com', ['https://example.com', 'https://example.com:*']],
    ['http://[::1]:3000', ['http://[::1]:3000', 'http://[::1]:*']],
    ['https://a.b.example.com:8443', ['https://a.b.example.com:8443', 'https://*.b.example.com:8443', 'https://a.b.example.com:*']],
  ])('%s -> Spin\'s suggestion first, then broader entries', (suggestion, choices) => {
    expect(allowChoices(suggestion)).toEqual(choices);
  });

  it('offers only entries Spin accepts, each allowing the denied destination', () => {
    for (const [suggestion, url] of [['https://api.example.com', 'https://api.example.com/v1'], ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/x']] as const) {
      for (const entry of allowChoices(suggestion)) expect(AllowedHosts.parse([entry]).allows(url)).toBe(true);
    }
  });
});
