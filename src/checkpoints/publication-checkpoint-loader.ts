import type { Loaders } from '../graphql/loaders.js';
import type { CheckpointsService } from './checkpoints.service.js';

/** One query per request for the `publicationCheckpoint` of every pact version and published report in it. */
export function publicationCheckpointLoader(loaders: Loaders, checkpoints: CheckpointsService) {
  return loaders.get<string, string>('publicationCheckpoint', (ids) => checkpoints.publicationCheckpoints(ids));
}
