/** Closing the server's stdin makes it drop the template and stop the embedded cluster. */
export default async function globalTeardown() {
  const server = globalThis.pactwatchTestDatabaseServer;
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.stdin.end();
  await exited;
}
