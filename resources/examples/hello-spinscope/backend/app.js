// The private component: fetches a greeting from the external API named by
// the `api_host` / `api_scheme` variables and passes it on.
import { get } from 'fermyon:spin/variables@2.0.0';

addEventListener('fetch', (event) => event.respondWith(handle()));

async function handle() {
  const url = `${get('api_scheme')}://${get('api_host')}/greeting`;
  try {
    const upstream = await fetch(url);
    return new Response(`backend got ${upstream.status} from ${url}: ${await upstream.text()}`);
  } catch (error) {
    return new Response(`backend could not reach ${url}: ${error}`, { status: 502 });
  }
}
