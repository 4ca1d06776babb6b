/** The browser bridge of `spinscope ui`: the renderer's files and `SpinscopeApi` over a WebSocket on 127.0.0.1. */
export { startBridge, DEFAULT_BRIDGE_PORT, type Bridge, type BridgeOptions } from './start-bridge.js';
export { contentSecurityPolicy } from './content-security-policy.js';
export { BridgeError } from './bridge-error.js';
export { tokenProblem } from './bridge-token.js';
export { callApi, type ApiCalls } from './call-api.js';
export { NO_MESSAGE_ID } from './client-message.js';
