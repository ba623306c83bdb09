import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
const server = await startEmbeddedPostgres('/tmp/pactwatch-bench-partner-queue', () => undefined);
console.log(server.serverUrl);
process.stdin.resume();
process.stdin.on('end', async () => { await server.stop(); process.exit(0); });
