import { it } from 'vitest';
import { buildSpinJsComponent } from '../support/build-spin-js-component.js';
it('builds', async () => { console.log(await buildSpinJsComponent('storage')); }, 300_000);
