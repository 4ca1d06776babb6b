/** `spinscope mcp`: the SpinscopeApi as a Model Context Protocol server, in process or attached to spinscope ui. */
export { createSpinscopeMcp, type SpinscopeMcp, type SpinscopeMcpOptions } from './mcp-server.js';
export { attachBridge } from './attach-bridge.js';
