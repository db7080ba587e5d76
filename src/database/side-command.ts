import { stopAllEmbeddedPostgres } from './embedded-postgres.js';

/**
 * Runs a side command (seed, CLI, migrations): it uses the embedded PostgreSQL that the service
 * runs (resolveDatabase with role `guest`), or starts one of its own for the command's duration,
 * which every exit path stops: success, failure and Ctrl-C alike. A server it did not start is
 * never stopped.
 */
export function runSideCommand(main: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return; // a terminal's Ctrl-C arrives twice under npm
    stopping = true;
    console.error(`${signal} received: stopping`);
    void stopAllEmbeddedPostgres().finally(() => process.exit(130));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  main()
    .then(async () => {
      await stopAllEmbeddedPostgres();
      process.exit(0);
    })
    .catch(async (error: Error) => {
      console.error(error.message);
      await stopAllEmbeddedPostgres().catch(() => undefined);
      process.exit(1);
    });
}

/** Our own messages about the embedded server (using the running one, starting one); not PostgreSQL's log. */
export const sideCommandLog = (line: string) => {
  if (!/^\d{4}-\d\d-\d\d /.test(line)) console.error(line);
};
