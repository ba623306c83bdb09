import { setTimeout as wait } from 'node:timers/promises';

/**
 * How long a refusal that asks a client to come back later is held before it goes out. A client
 * that sends one request after another without waiting (an attacker ignores Retry-After) then
 * gets one answer a second per connection rather than as many as the server can write, and the
 * CPU it took goes back to everyone else; a client that respects Retry-After never meets it.
 */
export const REFUSAL_HOLD_MS = 1000;
/** Refusals held at once in this process, each a socket and a timer; beyond, they go out at once. */
const MOST_HELD = 5000;

let held = 0;

export async function holdRefusal(): Promise<void> {
  if (held >= MOST_HELD) return;
  held++;
  try {
    await wait(REFUSAL_HOLD_MS);
  } finally {
    held--;
  }
}
