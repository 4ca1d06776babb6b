// The public component: asks the private backend for a greeting through
// Spin's service chaining, and tries one host it is not allowed to call.
addEventListener('fetch', (event) => event.respondWith(handle()));

async function handle() {
  const backend = await call('http://backend.spin.internal/greeting');
  // Not in allowed_outbound_hosts: Spin denies it before any connection is made.
  const blocked = await call('https://blocked.example.test/');
  return new Response(JSON.stringify({ backend, blocked }, null, 2), { headers: { 'content-type': 'application/json' } });
}

async function call(url) {
  try {
    const response = await fetch(url);
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { error: String(error) };
  }
}
