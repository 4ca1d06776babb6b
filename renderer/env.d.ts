/** The Spinscope version, from package.json at build time (renderer/vite.config.ts). */
declare const __SPINSCOPE_VERSION__: string;
