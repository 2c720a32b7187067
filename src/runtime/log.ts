/** Log levels, least severe first. */
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;

export type LogLevel = keyof typeof LEVELS;

let threshold: number | undefined;

/** `LOG_LEVEL` (debug, info, warn, error), read once per container. @default info */
function minimumLevel(): number {
  threshold ??= LEVELS[(process.env.LOG_LEVEL ?? '').toLowerCase() as LogLevel] ?? LEVELS.info;
  return threshold;
}

/**
 * Writes one JSON line (CloudWatch Logs Insights reads its fields): warnings and errors to stderr, the rest to
 * stdout. Details are for operators only; nothing logged here is ever sent to a client.
 */
export function log(level: LogLevel, msg: string, details: Record<string, unknown> = {}): void {
  if (LEVELS[level] < minimumLevel()) return;
  const line = JSON.stringify({ level, msg, ...details });
  if (LEVELS[level] >= LEVELS.warn) console.error(line);
  else console.log(line);
}

/** The text of a thrown value, for a log line. */
export const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
