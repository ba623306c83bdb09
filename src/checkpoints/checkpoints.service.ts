import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { entryBytes } from '../audit/audit.service.js';
import { consistencyProof, inclusionProof, rootHash } from '../audit/merkle-tree.js';
import { ClockService } from '../clock/clock.service.js';
import { APP_CONFIG } from '../config/app-config.js';
import type { ResolvedConfig } from '../config/secrets.js';
import { TransactionService } from '../database/transaction.service.js';
import { invalidField, notFound } from '../errors/domain-error.js';
import { OutboundChannel } from '../notifications/outbound-message.entity.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { QueueService } from '../queue/queue.service.js';
import { PlatformKeyService } from '../signing/platform-key.service.js';
import { Checkpoint } from './checkpoint.entity.js';
import { CheckpointsRepository } from './checkpoints.repository.js';
import { checkpointText, signNote, verifierKey } from './signed-note.js';

/** The pg-boss queue of checkpoints to POST to witness URLs. */
export const WITNESS_QUEUE = 'audit-checkpoint-witness';

export interface WitnessJob {
  url: string;
  treeSize: string;
}

/**
 * Entries anyone may see proved: those recording what the platform publishes. Other entries
 * (complaints, red flags, accounts) stay behind the trail's access rules; their leaves still
 * count in every root, so they cannot be rewritten either.
 */
export const PUBLIC_ACTIONS = ['pact.version_published', 'pact.signed', 'report.published'];

export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  /** The entry's canonical JSON: its leaf hash is SHA-256 of 0x00 and these bytes. */
  entry: string;
  proof: string[];
  checkpoint: string;
}

export interface ConsistencyProof {
  from: number;
  to: number;
  proof: string[];
  fromCheckpoint: string;
  toCheckpoint: string;
}

const base64 = (hashes: Buffer[]) => hashes.map((hash) => hash.toString('base64'));

/**
 * Signed checkpoints of the audit log's Merkle tree (RFC 9162) and the proofs that tie entries
 * and older checkpoints to them. A checkpoint is made in the transaction of every publication,
 * so the document carries the checkpoint that includes it, and on a schedule when the log grew.
 */
@Injectable()
export class CheckpointsService {
  private readonly logger = new Logger('CheckpointsService');

  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: CheckpointsRepository,
    private readonly key: PlatformKeyService,
    private readonly clock: ClockService,
    private readonly outbox: OutboxService,
    private readonly queue: QueueService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  /** The key as witnesses and Go's `note` package name it. */
  get verifierKey(): string {
    return verifierKey(this.config.checkpoints.origin, this.key.rawPublicKey);
  }

  /**
   * Signs the tree as `tx` sees it, unless a checkpoint of that size exists; null when the log
   * is empty or has not grown. Called after the publication's audit entry, whose lock the
   * transaction still holds, so no other entry can slip in between.
   */
  async checkpoint(tx: EntityManager): Promise<Checkpoint | null> {
    const leaves = await this.repository.leafHashes(tx);
    const latest = await this.repository.latest(tx);
    if (!leaves.length || Number(latest?.treeSize ?? 0) >= leaves.length) return null;
    const root = rootHash(leaves);
    const createdAt = this.clock.now();
    const { origin } = this.config.checkpoints;
    const text = checkpointText({ origin, treeSize: leaves.length, rootHash: root, extensions: [`time ${createdAt.toISOString()}`] });
    const note = signNote(text, origin, this.key.rawPublicKey, (message) => this.key.signBytes(message));
    const checkpoint = Object.assign(new Checkpoint(), { treeSize: String(leaves.length), rootHash: root.toString('hex'), createdAt, note });
    if (!(await this.repository.insert(tx, checkpoint))) return null;
    await this.sendToWitnesses(tx, checkpoint);
    return checkpoint;
  }

  /** For the schedule: a checkpoint in a transaction of its own. */
  checkpointNow(): Promise<Checkpoint | null> {
    return this.transactions.run((tx) => this.checkpoint(tx));
  }

  async latest(): Promise<Checkpoint> {
    const latest = await this.repository.latest(this.transactions.reader);
    if (!latest) throw notFound('Checkpoint', 'latest');
    return latest;
  }

  async bySize(treeSize: number): Promise<Checkpoint> {
    const found = await this.repository.bySize(this.transactions.reader, treeSize);
    if (!found) throw notFound('Checkpoint', String(treeSize));
    return found;
  }

  /** The checkpoint current when the newest entry about these subjects was written (their publication). */
  async covering(subjectIds: string[]): Promise<Checkpoint | null> {
    return subjectIds.length ? this.repository.covering(this.transactions.reader, subjectIds) : null;
  }

  /** The checkpoint made at each subject's publication, for a GraphQL field on a whole list at once. */
  publicationCheckpoints(subjectIds: readonly string[]): Promise<Map<string, string>> {
    return this.repository.coveringEach(this.transactions.reader, subjectIds);
  }

  /** Proves entry `seq` (a public one) is in the tree of the checkpoint of `treeSize`, the latest when unset. */
  async inclusionProof(seq: number, treeSize?: number): Promise<InclusionProof> {
    const reader = this.transactions.reader;
    const checkpoint = treeSize === undefined ? await this.latest() : await this.bySize(treeSize);
    const size = Number(checkpoint.treeSize);
    const entry = await this.repository.entry(reader, seq);
    // An entry that is not public is answered as one that does not exist: its existence says too much.
    if (!entry || !PUBLIC_ACTIONS.includes(entry.action)) throw notFound('Public audit entry', String(seq));
    if (seq > size) throw invalidField('treeSize', `entry ${seq} is not in the tree of ${size} entries: ask for a later checkpoint`, 'ENTRY_AFTER_CHECKPOINT');
    const leaves = await this.repository.leafHashes(reader, size);
    return {
      leafIndex: seq - 1,
      treeSize: size,
      entry: entryBytes(entry).toString('utf8'),
      proof: base64(inclusionProof(leaves, seq - 1, size)),
      checkpoint: checkpoint.note,
    };
  }

  /** Proves the checkpoint of `from` entries is a prefix of the checkpoint of `to`. */
  async consistencyProof(from: number, to: number): Promise<ConsistencyProof> {
    if (from > to) throw invalidField('from', `from (${from}) must not be larger than to (${to})`, 'SIZES_OUT_OF_ORDER');
    const [older, newer] = [await this.bySize(from), await this.bySize(to)];
    const leaves = await this.repository.leafHashes(this.transactions.reader, to);
    return { from, to, proof: base64(consistencyProof(leaves, from, to)), fromCheckpoint: older.note, toCheckpoint: newer.note };
  }

  /**
   * Witnesses get the checkpoint in the same transaction that makes it: the email and the POST
   * are queued if and only if the checkpoint commits. Command-line tools boot without the
   * contact key the outbox needs; their checkpoints reach witnesses with the next one's proof.
   */
  private async sendToWitnesses(tx: EntityManager, checkpoint: Checkpoint): Promise<void> {
    const { witnessEmails, witnessUrls, origin } = this.config.checkpoints;
    if (witnessEmails.length && this.config.contactEncryptionKey) {
      const values = { origin, treeSize: checkpoint.treeSize, rootHash: Buffer.from(checkpoint.rootHash, 'hex').toString('base64'), note: checkpoint.note };
      await this.outbox.enqueueAll(
        tx,
        witnessEmails.map((recipient) => ({
          complaintId: null,
          channel: OutboundChannel.EMAIL,
          recipient,
          template: 'audit-checkpoint',
          language: 'en',
          values,
        })),
      );
    }
    if (witnessUrls.length) {
      await this.queue.sendInTransaction(
        tx,
        WITNESS_QUEUE,
        witnessUrls.map((url) => ({ url, treeSize: checkpoint.treeSize }) satisfies WitnessJob),
      );
    }
    this.logger.log(`checkpoint of ${checkpoint.treeSize} entries signed`);
  }
}
