// Import files are named by API callers ("regional.json") and read by the server. The name must
// not become a way to read anything else on the host: /etc/passwd, ../../.env, or a symlink
// that someone placed in the import directory pointing elsewhere.
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export type ImportPathErrorCode =
  | 'invalid'
  | 'absolute'
  | 'traversal'
  | 'outside'
  | 'not_found'
  | 'not_a_file';

const MAX_PATH_LENGTH = 1024;
const MAX_NAME_BYTES = 255;

/**
 * Messages quote only the path the caller sent, never the import directory or what a symlink
 * points to: the caller learns why the name was refused, not how the host's disk is laid out.
 */
export class ImportPathError extends Error {
  override readonly name = 'ImportPathError';

  constructor(
    readonly code: ImportPathErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The real path of the regular file `requested` names inside `importDir`.
 *
 * Names are checked as text first (cheap, and the refusal does not depend on what exists on
 * disk), then resolved with realpath on both sides so that symlinks, including an import
 * directory that is itself a symlink, are judged by where they really lead.
 *
 * Callers should open the returned path, not `requested`: it is the one that was checked.
 */
export async function resolveImportPath(importDir: string, requested: string): Promise<string> {
  // NUL would truncate the path in the C layer; control characters have no place in a file
  // name a person typed, and would garble the message and logs if echoed.
  if (requested.length === 0 || /[\u0000-\u001f\u007f]/.test(requested)) {
    throw new ImportPathError('invalid', 'import path is empty or contains control characters');
  }
  // Longer than any file system allows (PATH_MAX, NAME_MAX): the disk would answer ENAMETOOLONG,
  // which is no more the server's fault than a missing file.
  if (requested.length > MAX_PATH_LENGTH || requested.split(/[\\/]/).some((segment) => Buffer.byteLength(segment) > MAX_NAME_BYTES)) {
    throw new ImportPathError('invalid', `import path is longer than ${MAX_PATH_LENGTH} characters or has a name longer than ${MAX_NAME_BYTES} bytes`);
  }
  const shown = JSON.stringify(requested);
  // Both conventions, whatever the host: `C:\x` or `\\server\share` is never a relative name.
  if (path.posix.isAbsolute(requested) || path.win32.isAbsolute(requested)) {
    throw new ImportPathError('absolute', `import path ${shown} must be relative`);
  }
  // Any `..` segment is refused, even one that would land back inside: a legitimate name never
  // needs it, and refusing outright leaves nothing to get subtly wrong.
  if (requested.split(/[\\/]/).includes('..')) {
    throw new ImportPathError('traversal', `import path ${shown} must not contain ".."`);
  }

  const root = await realpath(importDir).catch((cause: unknown) => {
    // A server misconfiguration, not the caller's fault; the message leaves out the path in
    // case it travels further than the log, while `cause` keeps it for the operator.
    throw new Error('the import directory is not accessible', { cause });
  });
  const candidate = path.resolve(root, requested);
  let target: string;
  try {
    target = await realpath(candidate);
  } catch (error) {
    // ENOENT: missing file or dangling symlink. ENOTDIR: a file used as a directory. ELOOP:
    // a symlink cycle. To the caller these all mean "there is no such import file".
    if (!(isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR') || isErrno(error, 'ELOOP'))) {
      throw error;
    }
    // Through a symlinked directory that leads outside, "not found" would still answer
    // whether a file exists out there; such a path is refused as outside instead.
    if (!isInside(root, await realAncestor(root, candidate))) {
      throw outsideError(shown);
    }
    throw new ImportPathError('not_found', `import file ${shown} does not exist`);
  }

  // Checked before the file type, so nothing is revealed about what lies outside.
  if (!isInside(root, target)) {
    throw outsideError(shown);
  }
  const stats = await stat(target).catch((error: unknown) => {
    if (isErrno(error, 'ENOENT')) {
      throw new ImportPathError('not_found', `import file ${shown} does not exist`);
    }
    throw error;
  });
  if (!stats.isFile()) {
    throw new ImportPathError('not_a_file', `import path ${shown} is not a regular file`);
  }
  return target;
}

function outsideError(shown: string): ImportPathError {
  return new ImportPathError('outside', `import path ${shown} leads outside the import directory`);
}

/**
 * The real path of the nearest existing ancestor of `candidate`, which lies textually under
 * `root` (no `..`, not absolute), so the walk ends at `root` at the latest.
 */
async function realAncestor(root: string, candidate: string): Promise<string> {
  let current = path.dirname(candidate);
  while (current !== root && current !== path.dirname(current)) {
    try {
      return await realpath(current);
    } catch {
      // Missing, or not a directory: try one level up.
      current = path.dirname(current);
    }
  }
  return root;
}

/** The root itself counts as inside; it is then refused as not a file. */
function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return (
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  );
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
