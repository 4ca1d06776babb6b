import { benchComponentServing } from './component-serving.js';
import { benchEventPaging } from './event-paging.js';
import { benchGlueHoisting } from './glue-hoisting.js';
import { benchHotReload } from './hot-reload.js';
import { benchKeyValue } from './key-value.js';
import { benchMcpTraffic } from './mcp-traffic.js';
import { benchOutboundDispatch } from './outbound-dispatch.js';
import { benchOutboundRules } from './outbound-rules.js';
import { benchPolicyCheck } from './policy-check.js';
import { benchSustainedRecording } from './sustained-recording.js';
import { benchUiRendering } from './ui-rendering.js';

// Every figure is a ratio against a baseline measured in this same run; nothing here
// asserts a timing.
benchPolicyCheck();
await benchComponentServing();
await benchOutboundDispatch();
await benchUiRendering();
await benchHotReload();
await benchKeyValue();
await benchSustainedRecording();
await benchEventPaging();
await benchGlueHoisting();
await benchOutboundRules();
await benchMcpTraffic();
