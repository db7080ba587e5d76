import { createServer } from 'node:net';

/** A start-up failure whose message is the one line a person needs: the cause and the fix. */
export class StartupError extends Error {}

/**
 * Checks, before any work, that the service can listen where it is told to: a busy port (another
 * instance, another program) stops the start with one line instead of after PostgreSQL and the demo.
 */
export function assertPortFree(host: string, port: number, variable: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      const cause =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use (another instance of the service, or another program). Stop that, or set ${variable} to a free port.`
          : error.code === 'EACCES'
            ? `port ${port} on ${host} needs privileges this user lacks. Set ${variable} to a port above 1023.`
            : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
              ? `HOST=${host} is not an address of this machine. Set HOST to one (0.0.0.0 for every interface, 127.0.0.1 for this machine only).`
              : `cannot listen on ${host}:${port} (${error.code ?? error.message}). Check HOST and ${variable}.`;
      reject(new StartupError(cause));
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** PostgreSQL's own stderr lines start with a timestamp ("2025-09-10 08:00:00.000 UTC [42] LOG: …"). */
export const isPostgresLogLine = (line: string) => /^\d{4}-\d\d-\d\d \d\d:\d\d/.test(line);

/** An error as one line (the first line of its message; expected failures carry everything there). */
export function oneLine(error: Error): string {
  const message = error.message || String(error);
  return message.includes('\n') && !(error instanceof StartupError) ? message.replace(/\s*\n\s*/g, ' | ') : message;
}
