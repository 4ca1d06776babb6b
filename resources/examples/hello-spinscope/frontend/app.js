// The public component: counts its visits in the default key-value store, asks the
// private backend for a greeting through Spin's service chaining, and reads the
// app's message of the day from its own /motd route, which it is not yet allowed to call.
import { Store } from 'fermyon:spin/key-value@2.0.0';

addEventListener('fetch', (event) => event.respondWith(handle()));

async function handle() {
  const visits = countVisit();
  const backend = await call('http://backend.spin.internal/greeting');
  // A request to the app itself (`self.alt`, as Spin's relative requests are written
  // where a URL needs a host). No allowed_outbound_hosts entry allows it, so Spin denies
  // it before any connection is made, until `http://self` is added.
  const motd = await call('http://self.alt/motd');
  return new Response(JSON.stringify({ visits, backend, motd }, null, 2), { headers: { 'content-type': 'application/json' } });
}

/** Adds one to `visits` in the store listed in key_value_stores; the count survives restarts. */
function countVisit() {
  const store = Store.open('default');
  const previous = store.get('visits');
  const visits = (previous === undefined ? 0 : Number(new TextDecoder().decode(previous))) + 1;
  store.set('visits', new TextEncoder().encode(String(visits)));
  return visits;
}

async function call(url) {
  try {
    const response = await fetch(url);
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { error: String(error) };
  }
}
