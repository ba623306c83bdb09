import { ComplaintStatus } from '../complaints/complaint.entity.js';
import { procurementComplaintFigures } from './procurement-complaint-figures.js';

describe('the complaint figures of one procurement', () => {
  it('withholds small counts from the public, and the complement that would give one back', () => {
    const figures = procurementComplaintFigures(
      [
        { status: ComplaintStatus.RESOLVED, complaints: 7 },
        { status: ComplaintStatus.RECEIVED, complaints: 2 },
        { status: ComplaintStatus.IN_PROGRESS, complaints: 6 },
      ],
      false,
    );
    expect(figures.total).toEqual({ count: 15, suppressed: false });
    expect(figures.byStatus.map((b) => [b.key, b.count])).toEqual([
      ['RECEIVED', null],
      ['IN_PROGRESS', null],
      ['RESOLVED', 7],
    ]);
    expect(figures.smallCountsSuppressed).toBe(true);
  });

  it('withholds a small total, and shows everything to those who may read the full statistics', () => {
    const counted = [{ status: ComplaintStatus.REFERRED, complaints: 3 }];
    expect(procurementComplaintFigures(counted, false)).toMatchObject({ total: { count: null, suppressed: true }, byStatus: [{ count: null }] });
    expect(procurementComplaintFigures(counted, true)).toMatchObject({
      total: { count: 3 },
      byStatus: [{ key: 'REFERRED', count: 3 }],
      smallCountsSuppressed: false,
    });
  });

  it('shows a procurement without complaints as none', () => {
    expect(procurementComplaintFigures([], false)).toMatchObject({ total: { count: 0, suppressed: false }, byStatus: [] });
  });
});
