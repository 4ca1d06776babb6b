/**
 * A Node file-system error as Rust's `std::io::Error` displays an OS error,
 * `No such file or directory (os error 2)`, so messages copied from Spin read the same.
 */
const STRERROR: Readonly<Record<string, string>> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  EIO: 'Input/output error',
  EACCES: 'Permission denied',
  EEXIST: 'File exists',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EMFILE: 'Too many open files',
  ENAMETOOLONG: 'File name too long',
  ELOOP: 'Too many levels of symbolic links',
};

/** `{strerror} (os error {errno})` for an error with a POSIX `code`, else the error's own message. */
export function rustIoError(error: unknown): string {
  const { code, errno, message } = (error ?? {}) as { code?: string; errno?: number; message?: string };
  const text = code === undefined ? undefined : STRERROR[code];
  if (text === undefined || errno === undefined) return message ?? String(error);
  return `${text} (os error ${Math.abs(errno)})`;
}
