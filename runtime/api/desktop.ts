/**
 * What only the desktop window adds beside `SpinscopeApi`, as
 * `window.spinscopeDesktop`: absent in a plain browser, so the renderer checks
 * for it. Types only.
 */

/** The desktop-only extras the Electron preload exposes. */
export interface SpinscopeDesktopApi {
  /**
   * The path on disk of a file or folder dropped on the window (Electron's
   * `webUtils.getPathForFile`), to hand to `openProject`; `''` for a `File`
   * that does not come from the disk.
   */
  pathForFile(file: File): string;
}
