import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A caller's id is kept so one request can be followed through a gateway and this platform;
 * anything longer or stranger than an id (a header used to smuggle text into logs) is replaced.
 */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Node's request, HTTP/1 or HTTP/2. */
type RawRequest = { headers: Record<string, string | string[] | undefined> };

const ids = new WeakMap<RawRequest, string>();

/**
 * The request's id, the same for Fastify (`request.id`, which the viewer carries) and the
 * logger: whichever asks first decides it.
 */
export function requestIdOf(request: RawRequest): string {
  let id = ids.get(request);
  if (!id) {
    const given = request.headers[REQUEST_ID_HEADER];
    id = typeof given === 'string' && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
    ids.set(request, id);
  }
  return id;
}
