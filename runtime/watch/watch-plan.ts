import { isAbsolute, join, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { looksLikeGlob } from '../app/index.js';
import type { AppManifest } from '../manifest/index.js';
import type { WatchTargets } from './file-watcher.js';

/** A component's build, with where it runs and which files set it off. */
export interface ComponentBuild {
  readonly component: string;
  readonly commands: readonly string[];
  /** Absolute: `build.workdir` under the manifest's directory, else that directory. */
  readonly workdir: string;
  /** True for a changed file its `build.watch` globs match. */
  readonly matches: (file: string) => boolean;
}

/** What to watch for one app, and what each changed file means. */
export interface WatchPlan {
  readonly manifest: string;
  /** Each local wasm source, absolute, with the components built from it. */
  readonly wasm: ReadonlyMap<string, readonly string[]>;
  readonly builds: readonly ComponentBuild[];
  /** Where each component's `files` come from: a file or directory, or a glob's static base. */
  readonly assets: readonly string[];
  /** What the file watcher watches: these files, and the globs' static bases. */
  readonly targets: WatchTargets;
  /** Components with a `build.command` but no `build.watch`, which `spin watch` warns about. */
  readonly unwatched: readonly string[];
}

/**
 * `spin watch`'s three watchers as one plan (src/commands/watch/filters.rs): the
 * manifest; each component's local `source` wasm (the artifact watcher); and each
 * component's `build.watch` globs, taken relative to `build.workdir` when it has one
 * (`concatenate_glob_friendly`), else to the manifest's directory (the build watcher).
 * The artifact watcher also watches each component's `files` (`globbify`); a change
 * there reloads, and only a component whose mounted tree changed restarts.
 */
export function watchPlan(manifest: AppManifest): WatchPlan {
  const wasm = new Map<string, string[]>();
  const builds: ComponentBuild[] = [];
  const files = new Set([manifest.file]);
  const dirs = new Set<string>();
  const unwatched: string[] = [];
  const assets = new Set<string>();
  for (const component of manifest.components.values()) {
    for (const mount of component.files) assets.add(assetRoot(manifest.dir, mount.kind === 'pattern' ? mount.pattern : mount.source));
    if (component.source.kind === 'path') {
      wasm.set(component.source.path, [...(wasm.get(component.source.path) ?? []), component.id]);
      files.add(component.source.path);
    }
    if (component.build === undefined) continue;
    if (component.build.watch.length === 0) {
      unwatched.push(component.id);
      continue;
    }
    const workdir = resolve(manifest.dir, component.build.workdir ?? '');
    const globs = component.build.watch.map((glob) => (isAbsolute(glob) ? glob : join(workdir, glob)));
    for (const glob of globs) {
      const { isGlob, base } = picomatch.scan(glob);
      if (isGlob) dirs.add(base || workdir);
      else files.add(glob);
    }
    builds.push({ component: component.id, commands: component.build.command, workdir, matches: picomatch(globs, { dot: true }) });
  }
  return { manifest: manifest.file, wasm, builds, assets: [...assets], targets: { files: [...files], dirs: [...dirs, ...assets] }, unwatched };
}

// What a `files` entry reads: its path, or a glob's components before the first wildcard.
function assetRoot(dir: string, path: string): string {
  const parts = resolve(dir, path).split(sep);
  const wild = parts.findIndex((part) => looksLikeGlob(part));
  return wild === -1 ? parts.join(sep) : parts.slice(0, wild).join(sep) || sep;
}

/** What a batch of changed files asks for: builds to run, and whether to reload. */
export interface ChangeEffect {
  readonly builds: readonly ComponentBuild[];
  /** The manifest, a wasm source or a mounted file changed. */
  readonly reload: boolean;
}

/** Sorts changed files by what they mean under `plan`. */
export function effectOf(plan: WatchPlan, files: readonly string[]): ChangeEffect {
  return {
    builds: plan.builds.filter((build) => files.some((file) => build.matches(file))),
    reload: files.some((file) => file === plan.manifest || plan.wasm.has(file) || plan.assets.some((root) => file === root || file.startsWith(root + sep))),
  };
}
