/** The session layer: one open project, its app and its events, as the `SpinscopeApi` in process. */
export { ProjectSession, type ProjectSessionOptions } from './project-session.js';
export { BUNDLED_EXAMPLE, exampleStateDir, projectManifest } from './project-manifest.js';
export { PACKAGE_ROOT } from './package-root.js';
export { defaultRecentProjectsFile, MAX_RECENT_PROJECTS, RecentProjects } from './recent-projects.js';
export { BATCH_INTERVAL_MS, subscribeBatches } from './event-batches.js';
export { appProblemOf } from './app-problem.js';
export { AppNotRunningError } from './app-not-running-error.js';
export { ReplayError } from './replay-request.js';
export { InvalidRequestError } from './invalid-request-error.js';
export { defaultRulesFile, OutboundRulesSession, type RulesWarn } from './outbound-rules-session.js';
export { CALL_EVENT_KINDS, recordedCalls, type CheckedCall, type SessionCalls } from './recorded-calls.js';
export { auditAllowedHosts, whatIfAllowedHosts } from './policy-insight.js';
