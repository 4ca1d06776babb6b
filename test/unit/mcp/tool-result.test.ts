import { describe, expect, it } from 'vitest';
import { UnknownComponentError } from '../../../runtime/app/unknown-component-error.js';
import { ApiCallError } from '../../../runtime/bridge-client/api-call-error.js';
import { toolError } from '../../../runtime/mcp/tool-result.js';
import { appProblemOf } from '../../../runtime/session/app-problem.js';

describe('toolError', () => {
  it('gives an error thrown in process and the same error answered over the bridge the same tool error', () => {
    const error = new UnknownComponentError('nope', ['frontend', 'backend']);
    const inProcess = toolError(error);
    // The bridge sends the session's AppProblem of it; the client rejects with an ApiCallError.
    const overBridge = toolError(new ApiCallError(appProblemOf(error)));
    expect(overBridge).toEqual(inProcess);
    expect(inProcess).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'SPINSCOPE_UNKNOWN_COMPONENT: the app has no component "nope"; its components are "frontend", "backend"' }],
      structuredContent: { error: { code: 'SPINSCOPE_UNKNOWN_COMPONENT', name: 'UnknownComponentError', message: error.message, component: 'nope' } },
    });
  });

  it('keeps the name and message of an error that is not Spinscope\'s', () => {
    expect(toolError(new TypeError('boom')).content).toEqual([{ type: 'text', text: 'SPINSCOPE_UNEXPECTED: boom' }]);
  });
});
