/** pino JSON logs everywhere; the Temporal Runtime's own logger writes through the same pino. */
import { pino, type Logger } from 'pino';
import { Runtime } from '@temporalio/worker';
import type { Logger as TemporalLogger, LogLevel, LogMetadata } from '@temporalio/common';

export const logger: Logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { app: 'dondoc' } });

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** Temporal's logger interface, written to pino. */
export class PinoTemporalLogger implements TemporalLogger {
  private readonly target: Logger;
  constructor(target: Logger, level?: string) {
    this.target = level ? target.child({}, { level }) : target;
  }
  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.target[LEVELS[level]](meta ?? {}, message);
  }
  trace(message: string, meta?: LogMetadata): void { this.log('TRACE', message, meta); }
  debug(message: string, meta?: LogMetadata): void { this.log('DEBUG', message, meta); }
  info(message: string, meta?: LogMetadata): void { this.log('INFO', message, meta); }
  warn(message: string, meta?: LogMetadata): void { this.log('WARN', message, meta); }
  error(message: string, meta?: LogMetadata): void { this.log('ERROR', message, meta); }
}

let installed = false;

/** Routes Temporal's SDK and core logs into pino. Call once, before creating workers or connections. */
export function installTemporalLogger(): void {
  if (installed) return;
  installed = true;
  Runtime.install({ logger: new PinoTemporalLogger(logger.child({ component: 'temporal' }), process.env.TEMPORAL_LOG_LEVEL ?? 'warn') });
}
