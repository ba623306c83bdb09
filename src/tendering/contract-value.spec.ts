import { currentContractValue, latestAmendment } from './contract-value.js';

const amendment = (amendedAt: string, newValue: string, createdAt = amendedAt) => ({
  amendedAt: new Date(amendedAt),
  createdAt: new Date(createdAt),
  newValue,
});

describe('the value of an amended contract', () => {
  it('is the signed value until the contract is amended', () => {
    expect(currentContractValue('1000.00', [])).toBe('1000.00');
    expect(latestAmendment([])).toBeUndefined();
  });

  it('is what the latest amendment by date says, whatever the order they were recorded in', () => {
    expect(currentContractValue('1000.00', [amendment('2027-06-01', '1100.00'), amendment('2027-05-01', '1300.00', '2027-07-01')])).toBe('1100.00');
  });

  it('breaks a tie on the date by the later recording', () => {
    expect(currentContractValue('1000.00', [amendment('2027-06-01', '1200.00', '2027-06-02'), amendment('2027-06-01', '1150.00', '2027-06-01')])).toBe(
      '1200.00',
    );
  });
});
