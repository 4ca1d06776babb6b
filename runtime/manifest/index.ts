export type {
  AppManifest,
  BuildConfig,
  ComponentManifest,
  ComponentHttpTrigger,
  ComponentSource,
  FileMount,
  HttpRoute,
  HttpTrigger,
  LoadedManifest,
  ManifestWarning,
  StaticHttpTrigger,
  StaticResponse,
  VariableDeclaration,
} from './app-manifest.js';
export { AllowedHttpHostsError } from './compat/allowed-http-hosts-error.js';
export { convertAllowedHttpHosts } from './compat/allowed-http-hosts.js';
export { loadManifest, readManifestText } from './load-manifest.js';
export { ManifestEditError, type ManifestEditProblem } from './edit/manifest-edit-error.js';
export { setComponentList, type ComponentListField } from './edit/set-component-list.js';
export { formatLocation, ManifestError, type ManifestLocation } from './manifest-error.js';
export { parseManifest } from './parse-manifest.js';
export { storeLabelProblem } from './spin-id.js';
