import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ImportPathError,
  resolveImportPath,
  type ImportPathErrorCode,
} from '../../src/security/import-path.js';

// <sandbox>/imports           the import directory
//            regional.json
//            2024/kps.json
//            link-inside.json  -> regional.json
//            link-outside.json -> ../secret.txt
//            link-dir          -> ..            (a directory outside)
//            dangling.json     -> missing.json
//            loop.json         -> loop.json
// <sandbox>/secret.txt        outside
// <sandbox>/imports-alias     -> imports        (the import directory reached through a link)
let sandbox: string;
let importDir: string;

beforeAll(async () => {
  sandbox = await realpath(await mkdtemp(path.join(tmpdir(), 'gvrc-import-')));
  importDir = path.join(sandbox, 'imports');
  await mkdir(path.join(importDir, '2024'), { recursive: true });
  await writeFile(path.join(importDir, 'regional.json'), '[]');
  await writeFile(path.join(importDir, '2024', 'kps.json'), '[]');
  await writeFile(path.join(sandbox, 'secret.txt'), 'do not read');
  await symlink('regional.json', path.join(importDir, 'link-inside.json'));
  await symlink(path.join(sandbox, 'secret.txt'), path.join(importDir, 'link-outside.json'));
  await symlink(sandbox, path.join(importDir, 'link-dir'));
  await symlink('missing.json', path.join(importDir, 'dangling.json'));
  await symlink('loop.json', path.join(importDir, 'loop.json'));
  await symlink(importDir, path.join(sandbox, 'imports-alias'));
});

afterAll(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

async function refusal(requested: string, dir = importDir): Promise<ImportPathError> {
  const error = await resolveImportPath(dir, requested).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportPathError);
  return error as ImportPathError;
}

async function codeOf(requested: string): Promise<ImportPathErrorCode> {
  return (await refusal(requested)).code;
}

describe('resolveImportPath', () => {
  it('resolves a file in the import directory to its real path', async () => {
    await expect(resolveImportPath(importDir, 'regional.json')).resolves.toBe(
      path.join(importDir, 'regional.json'),
    );
  });

  it('resolves a file in a subdirectory', async () => {
    await expect(resolveImportPath(importDir, '2024/kps.json')).resolves.toBe(
      path.join(importDir, '2024', 'kps.json'),
    );
  });

  it('follows a symlink that stays inside and returns its target', async () => {
    await expect(resolveImportPath(importDir, 'link-inside.json')).resolves.toBe(
      path.join(importDir, 'regional.json'),
    );
  });

  it('works when the import directory itself is reached through a symlink', async () => {
    await expect(
      resolveImportPath(path.join(sandbox, 'imports-alias'), 'regional.json'),
    ).resolves.toBe(path.join(importDir, 'regional.json'));
  });

  it('rejects an absolute path', async () => {
    expect(await codeOf(path.join(sandbox, 'secret.txt'))).toBe('absolute');
  });

  it('rejects a Windows-style absolute path', async () => {
    expect(await codeOf('C:\\Windows\\win.ini')).toBe('absolute');
  });

  it('rejects a path climbing out with ..', async () => {
    expect(await codeOf('../secret.txt')).toBe('traversal');
  });

  it('rejects .. even when the path would end up inside', async () => {
    expect(await codeOf('2024/../regional.json')).toBe('traversal');
  });

  it('rejects .. written with backslashes', async () => {
    expect(await codeOf('..\\secret.txt')).toBe('traversal');
  });

  it('rejects a path containing a NUL byte', async () => {
    expect(await codeOf('regional.json\0.txt')).toBe('invalid');
  });

  it('rejects an empty path', async () => {
    expect(await codeOf('')).toBe('invalid');
  });

  it('rejects a symlink to a file outside the import directory', async () => {
    expect(await codeOf('link-outside.json')).toBe('outside');
  });

  it('rejects a path through a symlinked directory that leads outside', async () => {
    expect(await codeOf('link-dir/secret.txt')).toBe('outside');
  });

  it('rejects a symlinked directory outside without saying it is a directory', async () => {
    expect(await codeOf('link-dir')).toBe('outside');
  });

  it('does not reveal whether a file exists behind a symlink leading outside', async () => {
    expect(await codeOf('link-dir/no-such-file.txt')).toBe('outside');
  });

  it('rejects a file that does not exist', async () => {
    expect(await codeOf('nope.json')).toBe('not_found');
  });

  it('rejects a dangling symlink as not found', async () => {
    expect(await codeOf('dangling.json')).toBe('not_found');
  });

  it('rejects a symlink loop as not found', async () => {
    expect(await codeOf('loop.json')).toBe('not_found');
  });

  it('rejects a path that uses a file as a directory as not found', async () => {
    expect(await codeOf('regional.json/x')).toBe('not_found');
  });

  it('rejects a directory', async () => {
    expect(await codeOf('2024')).toBe('not_a_file');
  });

  it('rejects the import directory itself', async () => {
    expect(await codeOf('.')).toBe('not_a_file');
  });

  it('names only the requested path in its messages, never the directories', async () => {
    for (const requested of ['link-outside.json', 'nope.json', '2024', '../secret.txt']) {
      const { message } = await refusal(requested);
      expect(message).toContain(requested);
      expect(message).not.toContain(sandbox);
    }
  });

  it('does not echo control characters back', async () => {
    const { message } = await refusal('a\u0000b');
    expect(message).not.toContain('\u0000');
  });

  it('fails without naming the import directory when it is missing', async () => {
    const missing = path.join(sandbox, 'no-such-dir');
    const error = await resolveImportPath(missing, 'x.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ImportPathError);
    expect((error as Error).message).not.toContain(missing);
  });
});
