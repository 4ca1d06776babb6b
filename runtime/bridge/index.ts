/** The browser bridge of `spinscope ui`: the renderer's files and `SpinscopeApi` over a WebSocket on 127.0.0.1. */
export { startBridge, DEFAULT_BRIDGE_PORT, type Bridge, type BridgeOptions } from './start-bridge.js';
export type { ServedApi } from './bridge-connection.js';
export { contentSecurityPolicy } from './content-security-policy.js';
export { BridgeError } from './bridge-error.js';
export { tokenProblem } from './bridge-token.js';
export { callArgumentsProblem, CALLABLE_METHODS, NO_MESSAGE_ID, type CallableMethod } from './client-message.js';
