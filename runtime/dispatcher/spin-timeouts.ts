/** Spin's `DEFAULT_TIMEOUT` for every outbound HTTP timeout: connect, first byte, between bytes (factor-outbound-http/src/wasi.rs). */
export const SPIN_DEFAULT_TIMEOUT_MS = 600_000;
