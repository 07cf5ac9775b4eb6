import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '#api';
import { budapest, ngo, rabat, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTestTable, type TestTable } from '../fixtures/test-table.ts';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
  // A small world: shipped-like entities created as reference data, so the seeded rules apply.
  for (const entity of [
    state('FRA', 'EUROPE', 'France'),
    state('HUN', 'EUROPE', 'Hungary'),
    state('TUR', 'ASIA_PACIFIC_MIDDLE_EAST', 'Türkiye'),
    state('SEN', 'AFRICA', 'Senegal'),
    state('MAR', 'AFRICA', 'Morocco'),
    state('MEX', 'AMERICAS', 'Mexico'),
    state('DEU', 'EUROPE', 'Germany'),
    state('ITA', 'EUROPE', 'Italy'),
    budapest,
    rabat,
  ]) {
    await table.entities.create(entity, { seeded: true });
  }
});

afterAll(() => table.drop());

describe('POST /v1/entities', () => {
  it('creates an entity at version 1 and returns it with its ETag and Location', async () => {
    const res = await call(table, 'POST', '/v1/entities', {
      body: { ...ngo('MIGRANT-FORUM'), members: undefined },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ ...ngo('MIGRANT-FORUM'), version: 1, seeded: false });
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe('/v1/entities/MIGRANT-FORUM');
    expect((await call(table, 'GET', '/v1/entities/MIGRANT-FORUM')).body.names.en).toBe(
      'Civil society organisation MIGRANT-FORUM',
    );
  });

  it('accepts members on creation', async () => {
    const res = await call(table, 'POST', '/v1/entities', {
      body: {
        id: 'NEW-RCP',
        kind: 'RCP',
        names: { en: 'New RCP' },
        regions: ['AFRICA'],
        members: ['SEN', 'MAR'],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.members).toEqual(['SEN', 'MAR']);
  });

  it('refuses a taken id with 409', async () => {
    const res = await call(table, 'POST', '/v1/entities', { body: budapest });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Conflict', status: 409 });
  });

  it('names every invalid field with a JSON Pointer', async () => {
    const res = await call(table, 'POST', '/v1/entities', {
      body: { id: 'bad id', kind: 'CITY', names: { fr: 'Ville' }, regions: ['MARS'] },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/id',
      '/kind',
      '/names',
      '/regions/0',
    ]);
    expect(res.body.errors.every((e: { in: string }) => e.in === 'body')).toBe(true);
  });

  it('applies the domain rules: state ids, regions per kind, members', async () => {
    const cases: Array<[unknown, string[]]> = [
      [state('ZZZ', 'EUROPE'), ['/id']],
      [ngo('DEU'), ['/id']],
      [{ ...state('FRA', 'EUROPE'), regions: [] }, ['/regions']],
      [
        { ...budapest, id: 'OTHER-RCP', members: ['HUN', 'ZZZ', 'HUN'] },
        ['/members/2', '/members/1'],
      ],
      [{ ...ngo('NGO-X'), members: ['FRA'] }, ['/members']],
    ];
    for (const [body, pointers] of cases) {
      const res = await call(table, 'POST', '/v1/entities', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(pointers);
    }
  });

  it('answers malformed JSON, a missing content type and an oversized body with 4xx problems', async () => {
    const malformed = await call(table, 'POST', '/v1/entities', { body: '{"id":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0]).toMatchObject({ in: 'body', pointer: '' });
    const untyped = await table.app.request('/v1/entities', {
      method: 'POST',
      body: JSON.stringify(ngo('NGO-Y')),
    });
    expect(untyped.status).toBe(415);
    const huge = {
      ...ngo('NGO-Z'),
      names: {
        en: 'x',
        ...Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`x-${i}`, 'padding'])),
      },
    };
    expect(JSON.stringify(huge).length).toBeGreaterThan(MAX_BODY_BYTES);
    const res = await call(table, 'POST', '/v1/entities', { body: huge });
    expect(res.status).toBe(413);
    expect((await call(table, 'GET', '/v1/entities/NGO-Z')).status).toBe(404);
  });
});

describe('GET /v1/entities/{id}', () => {
  it('returns the entity in the fixed wire format with its ETag', async () => {
    const res = await call(table, 'GET', '/v1/entities/BUDAPEST');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: 'BUDAPEST',
      kind: 'RCP',
      names: { en: 'Budapest Process', fr: 'Processus de Budapest' },
      regions: ['EUROPE'],
      members: [],
      version: 1,
      seeded: true,
    });
    expect(res.headers.get('etag')).toBe('"1"');
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await call(table, 'GET', '/v1/entities/NOPE')).status).toBe(404);
    const res = await call(table, 'GET', '/v1/entities/nope');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ in: 'path', pointer: '/id' });
  });
});

describe('PUT /v1/entities/{id}', () => {
  it('replaces with the version read, and bumps it', async () => {
    await call(table, 'POST', '/v1/entities', { body: ngo('NGO-PUT') });
    const res = await call(table, 'PUT', '/v1/entities/NGO-PUT', {
      ifMatch: '"1"',
      body: { kind: 'NON_STATE', names: { en: 'Renamed', fr: 'Renommé' }, regions: ['AFRICA'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 'NGO-PUT',
      names: { en: 'Renamed', fr: 'Renommé' },
      version: 2,
    });
    expect(res.headers.get('etag')).toBe('"2"');
  });

  it('requires If-Match (428), refuses a stale one (412), accepts it unquoted', async () => {
    await call(table, 'POST', '/v1/entities', { body: ngo('NGO-VERSIONS') });
    const body = { kind: 'NON_STATE', names: { en: 'v2' } };
    expect((await call(table, 'PUT', '/v1/entities/NGO-VERSIONS', { body })).status).toBe(428);
    expect(
      (await call(table, 'PUT', '/v1/entities/NGO-VERSIONS', { body, ifMatch: '1' })).status,
    ).toBe(200);
    const stale = await call(table, 'PUT', '/v1/entities/NGO-VERSIONS', { body, ifMatch: '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.title).toBe('Precondition Failed');
    const malformed = await call(table, 'PUT', '/v1/entities/NGO-VERSIONS', {
      body,
      ifMatch: 'W/"abc"',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0]).toMatchObject({ in: 'header', pointer: '/If-Match' });
  });

  it('lets exactly one of two writers holding the same version win', async () => {
    await call(table, 'POST', '/v1/entities', { body: ngo('NGO-RACE') });
    const write = (en: string) =>
      call(table, 'PUT', '/v1/entities/NGO-RACE', {
        ifMatch: '"1"',
        body: { kind: 'NON_STATE', names: { en } },
      });
    const statuses = (await Promise.all([write('a'), write('b')])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412]);
    expect((await call(table, 'GET', '/v1/entities/NGO-RACE')).body.version).toBe(2);
  });

  it('checks in order: 400, then 404, then 409, then 428', async () => {
    const invalid = await call(table, 'PUT', '/v1/entities/NOPE', {
      body: { kind: 'NON_STATE', names: {} },
    });
    expect(invalid.status).toBe(400);
    expect((await call(table, 'PUT', '/v1/entities/NOPE', { body: ngo('NOPE') })).status).toBe(404);
    const kindChange = await call(table, 'PUT', '/v1/entities/BUDAPEST', {
      body: { ...budapest, kind: 'IRF' },
    });
    expect(kindChange.status).toBe(409);
    expect((await call(table, 'PUT', '/v1/entities/BUDAPEST', { body: budapest })).status).toBe(
      428,
    );
  });

  it('keeps the member list when the body leaves it out', async () => {
    await call(table, 'POST', '/v1/entities', {
      body: {
        id: 'KEEPS-MEMBERS',
        kind: 'RCP',
        names: { en: 'K' },
        regions: ['AFRICA'],
        members: ['SEN'],
      },
    });
    const res = await call(table, 'PUT', '/v1/entities/KEEPS-MEMBERS', {
      ifMatch: '"1"',
      body: { kind: 'RCP', names: { en: 'Renamed' }, regions: ['AFRICA'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ names: { en: 'Renamed' }, members: ['SEN'], version: 2 });
  });

  it('keeps the French name of shipped reference data', async () => {
    const res = await call(table, 'PUT', '/v1/entities/MEX', {
      ifMatch: '"1"',
      body: { kind: 'STATE', names: { en: 'Mexico' }, regions: ['AMERICAS'] },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ in: 'body', pointer: '/names/fr' });
  });

  it('refuses a body whose id differs from the path', async () => {
    const res = await call(table, 'PUT', '/v1/entities/BUDAPEST', {
      ifMatch: '"1"',
      body: { ...budapest, id: 'PRAGUE' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/id');
  });

  it('moves the entity between region lists when its regions change', async () => {
    await call(table, 'POST', '/v1/entities', {
      body: { ...ngo('NGO-MOVES'), regions: ['AMERICAS'] },
    });
    await call(table, 'PUT', '/v1/entities/NGO-MOVES', {
      ifMatch: '"1"',
      body: { kind: 'NON_STATE', names: { en: 'Moves' }, regions: ['AFRICA'] },
    });
    const ids = async (region: string) =>
      (await call(table, 'GET', `/v1/entities?region=${region}&kind=NON_STATE`)).body.items.map(
        (e: { id: string }) => e.id,
      );
    expect(await ids('AFRICA')).toContain('NGO-MOVES');
    expect(await ids('AMERICAS')).not.toContain('NGO-MOVES');
  });
});

describe('DELETE /v1/entities/{id}', () => {
  it('deletes an entity that is not referenced, after which it is gone everywhere', async () => {
    await call(table, 'POST', '/v1/entities', {
      body: { ...ngo('NGO-GONE'), regions: ['EUROPE'] },
    });
    expect((await call(table, 'DELETE', '/v1/entities/NGO-GONE', { ifMatch: '"1"' })).status).toBe(
      204,
    );
    expect((await call(table, 'GET', '/v1/entities/NGO-GONE')).status).toBe(404);
    const europe = await call(table, 'GET', '/v1/entities?region=EUROPE&limit=500');
    expect(europe.body.items.map((e: { id: string }) => e.id)).not.toContain('NGO-GONE');
    expect((await call(table, 'DELETE', '/v1/entities/NGO-GONE')).status).toBe(404);
  });

  it('refuses to delete shipped reference data (409) or with a stale version (412)', async () => {
    expect((await call(table, 'DELETE', '/v1/entities/BUDAPEST')).status).toBe(409);
    expect((await call(table, 'DELETE', '/v1/entities/FRA')).status).toBe(409);
    await call(table, 'POST', '/v1/entities', { body: ngo('NGO-STALE') });
    expect((await call(table, 'DELETE', '/v1/entities/NGO-STALE', { ifMatch: '"7"' })).status).toBe(
      412,
    );
  });
});

describe('PUT /v1/entities/{id}/members', () => {
  it('replaces the member list in one versioned write', async () => {
    const res = await call(table, 'PUT', '/v1/entities/BUDAPEST/members', {
      ifMatch: '"1"',
      body: { members: ['HUN', 'TUR', 'FRA', 'DEU', 'ITA'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 'BUDAPEST',
      members: ['HUN', 'TUR', 'FRA', 'DEU', 'ITA'],
      version: 2,
    });
    expect(res.headers.get('etag')).toBe('"2"');
  });

  it('holds a member list of any length, beyond a transaction’s 100 items', async () => {
    const { UN_MEMBER_STATES } = await import('#core');
    const members = UN_MEMBER_STATES.slice(0, 120).map((s) => s.id);
    const res = await call(table, 'PUT', '/v1/entities/RABAT/members', {
      ifMatch: '"1"',
      body: { members },
    });
    expect(res.status).toBe(200);
    expect(res.body.members).toHaveLength(120);
    await call(table, 'PUT', '/v1/entities/RABAT/members', {
      ifMatch: '"2"',
      body: { members: [] },
    });
  });

  it('requires If-Match, refuses stale versions, states and non-members', async () => {
    expect(
      (await call(table, 'PUT', '/v1/entities/BUDAPEST/members', { body: { members: [] } })).status,
    ).toBe(428);
    const stale = await call(table, 'PUT', '/v1/entities/BUDAPEST/members', {
      ifMatch: '"1"',
      body: { members: [] },
    });
    expect(stale.status).toBe(412);
    const ofState = await call(table, 'PUT', '/v1/entities/FRA/members', {
      ifMatch: '"1"',
      body: { members: ['DEU'] },
    });
    expect(ofState.status).toBe(409);
    const unknown = await call(table, 'PUT', '/v1/entities/BUDAPEST/members', {
      ifMatch: '"2"',
      body: { members: ['HUN', 'ATLANTIS'] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].pointer).toBe('/members/1');
    expect(
      (
        await call(table, 'PUT', '/v1/entities/NOPE/members', {
          ifMatch: '"1"',
          body: { members: [] },
        })
      ).status,
    ).toBe(404);
  });
});

describe('GET /v1/entities', () => {
  const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((e) => e.id);

  it('filters by kind', async () => {
    expect(ids(await call(table, 'GET', '/v1/entities?kind=STATE'))).toEqual([
      'DEU',
      'FRA',
      'HUN',
      'ITA',
      'MAR',
      'MEX',
      'SEN',
      'TUR',
    ]);
  });

  it('filters by region, counting an IRF in every region it spans', async () => {
    const africa = ids(await call(table, 'GET', '/v1/entities?region=AFRICA'));
    expect(africa).toEqual(expect.arrayContaining(['MAR', 'RABAT', 'SEN']));
    expect(ids(await call(table, 'GET', '/v1/entities?region=EUROPE&kind=IRF'))).toEqual(['RABAT']);
    expect(ids(await call(table, 'GET', '/v1/entities?region=AMERICAS&kind=STATE'))).toEqual([
      'MEX',
    ]);
  });

  it('lists the member states of an ISCM, with other filters applied', async () => {
    expect(ids(await call(table, 'GET', '/v1/entities?memberOf=BUDAPEST'))).toEqual([
      'DEU',
      'FRA',
      'HUN',
      'ITA',
      'TUR',
    ]);
    expect(ids(await call(table, 'GET', '/v1/entities?memberOf=BUDAPEST&region=EUROPE'))).toEqual([
      'DEU',
      'FRA',
      'HUN',
      'ITA',
    ]);
    expect(ids(await call(table, 'GET', '/v1/entities?memberOf=BUDAPEST&kind=RCP'))).toEqual([]);
    expect(ids(await call(table, 'GET', '/v1/entities?memberOf=NOBODY'))).toEqual([]);
  });

  it('pages with limit and cursor, every entity once, in id order', async () => {
    for (const query of [
      '',
      'kind=STATE&',
      'region=EUROPE&',
      'region=EUROPE&kind=STATE&',
      'memberOf=BUDAPEST&',
      'memberOf=BUDAPEST&region=EUROPE&',
    ]) {
      const all = ids(await call(table, 'GET', `/v1/entities?${query}limit=500`));
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await call(
          table,
          'GET',
          `/v1/entities?${query}limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        paged.push(...ids(res));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(paged, query).toEqual(all);
      expect(all.length).toBeGreaterThan(2);
      expect([...all].sort()).toEqual(all);
    }
  });

  it('refuses a forged cursor, another list’s cursor and a limit over 500 with 400', async () => {
    const first = await call(table, 'GET', '/v1/entities?kind=STATE&limit=1');
    const foreign = await call(
      table,
      'GET',
      `/v1/entities?kind=RCP&cursor=${first.body.nextCursor}`,
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0]).toMatchObject({ in: 'query', pointer: '/cursor' });
    expect((await call(table, 'GET', '/v1/entities?cursor=not-a-cursor')).status).toBe(400);
    const forged = Buffer.from(
      JSON.stringify({ pk: 'ENTITY#FRA', sk: 'X', gsi2pk: 'ENTITY', gsi2sk: 1 }),
    ).toString('base64url');
    expect((await call(table, 'GET', `/v1/entities?cursor=${forged}`)).status).toBe(400);
    // Keys DynamoDB itself would refuse (empty strings) never reach it.
    for (const query of ['', 'kind=STATE&', 'region=EUROPE&', 'memberOf=BUDAPEST&']) {
      for (const position of [
        { list: 'ENTITY', after: '' },
        { pk: '', sk: '', gsi2pk: 'ENTITY', gsi2sk: '' },
      ]) {
        const cursor = Buffer.from(JSON.stringify(position)).toString('base64url');
        expect(
          (await call(table, 'GET', `/v1/entities?${query}cursor=${cursor}`)).status,
          query,
        ).toBe(400);
      }
    }
    const limit = await call(table, 'GET', '/v1/entities?limit=501');
    expect(limit.status).toBe(400);
    expect(limit.body.errors[0]).toMatchObject({ in: 'query', pointer: '/limit' });
    expect((await call(table, 'GET', '/v1/entities?kind=CITY')).status).toBe(400);
  });
});

describe('GET /v1/entities/{id}/memberships', () => {
  it('follows member lists through the table stream', async () => {
    const stream = table.startStream();
    try {
      await call(table, 'POST', '/v1/entities', {
        body: {
          id: 'MEMBERSHIP-RCP',
          kind: 'RCP',
          names: { en: 'M' },
          regions: ['AMERICAS'],
          members: ['MEX', 'FRA'],
        },
      });
      await stream.drained();
      const of = async (id: string) =>
        ids(await call(table, 'GET', `/v1/entities/${id}/memberships`));
      expect(await of('MEX')).toEqual(['MEMBERSHIP-RCP']);
      expect(await of('FRA')).toEqual(expect.arrayContaining(['BUDAPEST', 'MEMBERSHIP-RCP']));

      await call(table, 'PUT', '/v1/entities/MEMBERSHIP-RCP/members', {
        ifMatch: '"1"',
        body: { members: ['MEX'] },
      });
      await stream.drained();
      expect(await of('FRA')).not.toContain('MEMBERSHIP-RCP');

      await call(table, 'DELETE', '/v1/entities/MEMBERSHIP-RCP');
      await stream.drained();
      expect(await of('MEX')).toEqual([]);
    } finally {
      await stream.stop();
    }
  });

  it('pages like every list', async () => {
    const stream = table.startStream();
    try {
      for (const id of ['PAGE-A', 'PAGE-B', 'PAGE-C']) {
        await call(table, 'POST', '/v1/entities', {
          body: { id, kind: 'RCP', names: { en: id }, regions: ['EUROPE'], members: ['ITA'] },
        });
      }
      await stream.drained();
    } finally {
      await stream.stop();
    }
    const first = await call(table, 'GET', '/v1/entities/ITA/memberships?limit=2');
    expect(first.body.items.map((e: { id: string }) => e.id)).toEqual(['BUDAPEST', 'PAGE-A']);
    const second = await call(
      table,
      'GET',
      `/v1/entities/ITA/memberships?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body).toMatchObject({
      items: [{ id: 'PAGE-B' }, { id: 'PAGE-C' }],
      nextCursor: null,
    });
    expect((await call(table, 'GET', '/v1/entities/ITA/memberships?limit=0')).status).toBe(400);
  });

  it('answers 404 for an unknown entity', async () => {
    expect((await call(table, 'GET', '/v1/entities/NOPE/memberships')).status).toBe(404);
  });

  const ids = (res: { body: { items: Array<{ id: string }> } }) =>
    res.body.items.map((e) => e.id).sort();
});

describe('unknown routes', () => {
  it('answer 404 as a problem document', async () => {
    const res = await call(table, 'GET', '/v2/nothing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
