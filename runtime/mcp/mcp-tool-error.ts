import { SpinscopeError } from '../errors/spinscope-error.js';

/** A tool of `spinscope mcp` refused a call: what it asked for is not recorded, or writes are off. */
export class McpToolError extends SpinscopeError {
  readonly code: 'SPINSCOPE_MCP_NOT_FOUND' | 'SPINSCOPE_MCP_WRITES_OFF';

  constructor(code: McpToolError['code'], message: string) {
    super(message);
    this.code = code;
  }
}
