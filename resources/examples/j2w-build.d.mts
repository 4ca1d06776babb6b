/** sha256 of every file under `dir` (path and content) and of the build tools' versions. */
export function j2wSourceHash(dir: string): Promise<string>;
/** Builds `dir/app.js` into `out` with j2w, working on a copy inside `workParent`. */
export function j2wBuild(dir: string, out: string, workParent: string): Promise<void>;
