import { ComplaintChannelsRepository } from '../src/complaint-channels/complaint-channels.repository.js';
import { MessageGateway } from '../src/complaint-channels/inbound-message.entity.js';
import { InsertBatch } from '../src/database/insert-rows.js';
import { TransactionService } from '../src/database/transaction.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The hand-written query of the message channels: the answers given before to a set of deliveries. */
describe('ComplaintChannelsRepository', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it('finds the answers of the deliveries asked for, matching gateway and message id as a pair', async () => {
    const repository = app.running.app.get(ComplaintChannelsRepository);
    const transactions = app.running.app.get(TransactionService);
    const rows = new InsertBatch();
    repository.record(rows, [
      { gateway: MessageGateway.AFRICASTALKING, messageId: 'AT-1', complaintId: null, answer: '{"outcome":"EMPTY_MESSAGE"}' },
      { gateway: MessageGateway.TWILIO, messageId: 'SM-2', complaintId: null, answer: '{"outcome":"MESSAGE_TOO_LONG"}' },
    ]);
    await transactions.run((tx) => rows.insert(tx));
    const answers = await repository.answersTo(transactions.reader, [
      { gateway: MessageGateway.AFRICASTALKING, messageId: 'AT-1' },
      // The same id on another gateway is another delivery.
      { gateway: MessageGateway.TWILIO, messageId: 'AT-1' },
      { gateway: MessageGateway.TWILIO, messageId: 'SM-2' },
      { gateway: MessageGateway.EMAIL, messageId: 'never-seen' },
    ]);
    expect(answers.sort((a, b) => a.messageId.localeCompare(b.messageId))).toEqual([
      { gateway: MessageGateway.AFRICASTALKING, messageId: 'AT-1', answer: '{"outcome":"EMPTY_MESSAGE"}' },
      { gateway: MessageGateway.TWILIO, messageId: 'SM-2', answer: '{"outcome":"MESSAGE_TOO_LONG"}' },
    ]);
    expect(await repository.answersTo(transactions.reader, [{ gateway: MessageGateway.EMAIL, messageId: 'AT-1' }])).toEqual([]);
  });
});
