// pg_dump and pg_restore, the server's own tools, found on PATH. A dump made by a pg_dump older
// than the server is refused by pg_dump itself with a message an operator has to decode; we say
// it first, naming both versions.
import { spawn } from 'node:child_process';

export class PostgresToolError extends Error {
  override readonly name = 'PostgresToolError';
}

export interface ToolRun {
  code: number;
  stderr: string;
}

export function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(new PostgresToolError(`${tool} was not found on PATH; install the PostgreSQL client tools of the server's major version (e.g. apt-get install postgresql-client-15)`));
      } else reject(error);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}

/** The major version a tool reports (`pg_dump (PostgreSQL) 15.20 …` → 15). */
export async function toolMajorVersion(tool: string): Promise<number> {
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(tool, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new PostgresToolError(`${tool} was not found on PATH; install the PostgreSQL client tools of the server's major version (e.g. apt-get install postgresql-client-15)`)
          : error,
      ),
    );
    child.on('close', () => resolve(text));
  });
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(out);
  if (!match) throw new PostgresToolError(`${tool} --version said ${JSON.stringify(out.trim())}, not a PostgreSQL version`);
  return Number(match[1]);
}

/** Refuses a tool older than the server: it cannot read the server's catalogue. */
export async function checkToolFor(tool: string, serverVersionNum: number): Promise<void> {
  const serverMajor = Math.floor(serverVersionNum / 10_000);
  const toolMajor = await toolMajorVersion(tool);
  if (toolMajor < serverMajor) {
    throw new PostgresToolError(`${tool} is PostgreSQL ${toolMajor} but the server is PostgreSQL ${serverMajor}; put the server's version of ${tool} first on PATH`);
  }
}
