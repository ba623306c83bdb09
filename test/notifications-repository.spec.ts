import { TransactionService } from '../src/database/transaction.service.js';
import { NotificationsRepository } from '../src/notifications/notifications.repository.js';
import { lodge } from './support/complaints.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The outbox's hand-written update expressions: counting attempts, and never touching a message once SENT. */
describe('NotificationsRepository', () => {
  let app: TestApp;

  beforeAll(async () => {
    // No worker: the test records the attempts itself.
    app = await startTestApp({ notificationWorker: false });
  });
  afterAll(() => app?.close());

  it('counts each attempt, records a delivery once, and leaves a sent message alone', async () => {
    const repository = app.running.app.get(NotificationsRepository);
    const db = app.running.app.get(TransactionService).reader;
    const { id: complaintId } = await lodge(app, { phone: '+254711000009' });
    const { rows } = await app.sql.query('SELECT id FROM outbound_messages WHERE complaint_id = $1', [complaintId]);
    const id = rows[0].id as string;
    const state = async () => {
      const message = (await repository.message(db, id))!;
      return {
        status: message.status,
        attempts: message.attempts,
        lastError: message.lastError,
        transport: message.transport,
        providerMessageId: message.providerMessageId,
      };
    };

    await repository.markAttemptFailed(db, id, { lastError: 'gateway timeout', transport: 'file', lastAttempt: false });
    expect(await state()).toEqual({ status: 'QUEUED', attempts: 1, lastError: 'gateway timeout', transport: 'file', providerMessageId: null });
    await repository.markSent(db, id, { sentAt: new Date(), transport: 'file', providerMessageId: 'p-1' });
    expect(await state()).toMatchObject({ status: 'SENT', attempts: 2, providerMessageId: 'p-1' });
    // A job that ran twice: neither outcome overwrites the delivery.
    await repository.markAttemptFailed(db, id, { lastError: 'late failure', transport: 'file', lastAttempt: true });
    await repository.markSent(db, id, { sentAt: new Date(), transport: 'other', providerMessageId: 'p-2' });
    expect(await state()).toEqual({ status: 'SENT', attempts: 2, lastError: 'gateway timeout', transport: 'file', providerMessageId: 'p-1' });
    expect(await repository.message(db, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
