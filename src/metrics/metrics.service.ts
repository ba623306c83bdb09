import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import { afterCommit, installAfterCommit } from '../database/after-commit.js';

/** Operation names are chosen by clients: past this many distinct ones, new names count as `other`. */
const MAX_OPERATION_NAMES = 200;

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The platform's Prometheus metrics, one registry per application (tests run several in one
 * process). Every label takes values from a closed set — route patterns, enum values, a capped
 * list of operation names — never from what a request carries, so no series per tracking
 * number or per complainant can appear. Counters of things done in a transaction count after
 * the commit, so a rolled-back change is not counted.
 */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();

  private readonly httpDuration = new Histogram({
    name: 'pactwatch_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly graphqlDuration = new Histogram({
    name: 'pactwatch_graphql_operation_duration_seconds',
    help: 'GraphQL operations by operation name, type (query, mutation) and outcome (ok, error)',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly complaintsLodged = new Counter({
    name: 'pactwatch_complaints_lodged_total',
    help: 'Complaints lodged (committed), by channel',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });
  private readonly messagesQueued = new Counter({
    name: 'pactwatch_messages_queued_total',
    help: 'Messages written to the outbox (committed), by channel; the transport is chosen at delivery',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });
  private readonly messagesSent = new Counter({
    name: 'pactwatch_messages_sent_total',
    help: 'Messages delivered, by channel and transport',
    labelNames: ['channel', 'transport'] as const,
    registers: [this.registry],
  });
  private readonly messagesFailed = new Counter({
    name: 'pactwatch_messages_failed_total',
    help: 'Failed delivery attempts, by channel and transport; final="true" when the message was given up',
    labelNames: ['channel', 'transport', 'final'] as const,
    registers: [this.registry],
  });
  private readonly deadlineSweeps = new Counter({
    name: 'pactwatch_deadline_sweeps_total',
    help: 'Complaint deadline sweeps completed',
    registers: [this.registry],
  });
  private readonly deadlineReminders = new Counter({
    name: 'pactwatch_deadline_reminders_total',
    help: 'Reminders (level="reminder") and escalations (level="escalation") sent by deadline sweeps',
    labelNames: ['level'] as const,
    registers: [this.registry],
  });
  private readonly auditAppends = new Counter({
    name: 'pactwatch_audit_entries_appended_total',
    help: 'Audit trail entries appended (committed), by action',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry });
  }

  onModuleInit(): void {
    installAfterCommit(this.dataSource);
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  graphqlOperation(name: string | undefined, type: string, ok: boolean, seconds: number): void {
    this.graphqlDuration.observe({ operation: this.boundedOperationName(name), type, outcome: ok ? 'ok' : 'error' }, seconds);
  }

  /** After the intake's transaction committed. */
  complaintsLodgedBy(channels: string[]): void {
    for (const channel of channels) this.complaintsLodged.inc({ channel });
  }

  messagesQueuedIn(tx: EntityManager, channels: string[]): void {
    afterCommit(tx, () => channels.forEach((channel) => this.messagesQueued.inc({ channel })));
  }

  messageSent(channel: string, transport: string): void {
    this.messagesSent.inc({ channel, transport });
  }

  messageFailed(channel: string, transport: string, final: boolean): void {
    this.messagesFailed.inc({ channel, transport, final: String(final) });
  }

  deadlineSweepDone(outcome: { reminders: number; escalations: number }): void {
    this.deadlineSweeps.inc();
    this.deadlineReminders.inc({ level: 'reminder' }, outcome.reminders);
    this.deadlineReminders.inc({ level: 'escalation' }, outcome.escalations);
  }

  auditAppendedIn(tx: EntityManager, actions: string[]): void {
    afterCommit(tx, () => actions.forEach((action) => this.auditAppends.inc({ action })));
  }

  private boundedOperationName(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }
}
