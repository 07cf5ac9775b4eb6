import { describe, expect, it } from 'vitest';
import { diffEntries, type Entry } from '#core';

const progress = (id: string, status: string, narrative = 'x') =>
  ({
    id,
    type: 'COMMITMENT_PROGRESS',
    commitmentId: 'C-1',
    status,
    narrative,
    tags: [],
    indicatorValues: [],
    partnersInvolved: [],
    evidence: [],
  }) as unknown as Entry;

describe('the diff of two submissions', () => {
  it('names added, removed and changed entries by id, with commitment status moves', () => {
    const before = [
      progress('E-0000000001', 'IN_PROGRESS'),
      progress('E-0000000002', 'NOT_STARTED'),
    ];
    const after = [
      { ...progress('E-0000000001', 'ACHIEVED', 'done'), carriedForward: true } as Entry,
      progress('E-0000000003', 'IN_PROGRESS'),
    ];
    expect(diffEntries(before, after)).toEqual({
      added: ['E-0000000003'],
      removed: ['E-0000000002'],
      changed: [
        {
          id: 'E-0000000001',
          fields: ['narrative', 'status'],
          status: { from: 'IN_PROGRESS', to: 'ACHIEVED' },
        },
      ],
      unchanged: 0,
    });
  });

  it('takes an entry carried unchanged as unchanged', () => {
    const entry = progress('E-0000000001', 'IN_PROGRESS');
    expect(diffEntries([entry], [{ ...entry, carriedForward: true } as Entry])).toEqual({
      added: [],
      removed: [],
      changed: [],
      unchanged: 1,
    });
  });
});
