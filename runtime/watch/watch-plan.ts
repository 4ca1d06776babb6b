import { isAbsolute, join, resolve } from 'node:path';
import picomatch from 'picomatch';
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
 */
export function watchPlan(manifest: AppManifest): WatchPlan {
  const wasm = new Map<string, string[]>();
  const builds: ComponentBuild[] = [];
  const files = new Set([manifest.file]);
  const dirs = new Set<string>();
  const unwatched: string[] = [];
  for (const component of manifest.components.values()) {
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
  return { manifest: manifest.file, wasm, builds, targets: { files: [...files], dirs: [...dirs] }, unwatched };
}

/** What a batch of changed files asks for: builds to run, and whether to reload. */
export interface ChangeEffect {
  readonly builds: readonly ComponentBuild[];
  /** The manifest or a wasm source changed. */
  readonly reload: boolean;
}

/** Sorts changed files by what they mean under `plan`. */
export function effectOf(plan: WatchPlan, files: readonly string[]): ChangeEffect {
  return {
    builds: plan.builds.filter((build) => files.some((file) => build.matches(file))),
    reload: files.some((file) => file === plan.manifest || plan.wasm.has(file)),
  };
}
