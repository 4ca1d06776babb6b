/**
 * Where a client reaches the bridge's API, given the address `spinscope ui` prints (or
 * `Bridge.openUrl`): `ws://127.0.0.1:<port>/api?token=<token>`, and the Origin it must send.
 */
import { BRIDGE_PATH, TOKEN_PARAMETER } from '../../runtime/api/bridge-protocol.js';

export function bridgeSocket(inspector: string): { url: string; origin: string } {
  const address = new URL(inspector);
  const token = address.searchParams.get(TOKEN_PARAMETER) ?? '';
  return { url: `ws://${address.host}${BRIDGE_PATH}?${new URLSearchParams({ [TOKEN_PARAMETER]: token })}`, origin: address.origin };
}
