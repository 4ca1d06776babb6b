export type {
  AppManifest,
  BuildConfig,
  ComponentManifest,
  ComponentSource,
  FileMount,
  HttpRoute,
  HttpTrigger,
  LoadedManifest,
  ManifestWarning,
  VariableDeclaration,
} from './app-manifest.js';
export { AllowedHttpHostsError } from './compat/allowed-http-hosts-error.js';
export { convertAllowedHttpHosts } from './compat/allowed-http-hosts.js';
export { loadManifest } from './load-manifest.js';
export { ManifestError, type ManifestLocation } from './manifest-error.js';
export { parseManifest } from './parse-manifest.js';
