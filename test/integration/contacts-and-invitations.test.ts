import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_FRAMEWORKS } from '#core';
import { budapest, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTokenTable } from '../fixtures/test-table.ts';

let table: Awaited<ReturnType<typeof createTokenTable>>;
let admin: string;
let reader: string;

beforeAll(async () => {
  table = await createTokenTable();
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const entity of [state('FRA', 'EUROPE'), state('DEU', 'EUROPE'), budapest]) {
    await table.entities.create(entity, { seeded: true });
  }
  admin = await table.token('root', { role: 'ADMIN' });
  reader = await table.token('someone', { role: 'READER' });
});
afterAll(() => table.drop());

describe('contacts', () => {
  const focalPoint = {
    role: 'FOCAL_POINT',
    name: 'Marie Curie',
    email: 'fp@example.org',
    language: 'fr',
  };
  const contributor = {
    role: 'CONTRIBUTOR',
    contributorId: 'MOI',
    name: 'Jean',
    email: 'moi@example.org',
    language: 'fr',
  };

  it('read back as an empty list at version 0 before any write', async () => {
    const res = await call(table, 'GET', '/v1/entities/FRA/contacts', { token: admin });
    expect(res.body).toEqual({ items: [], version: 0 });
  });

  it('are a versioned list: created without If-Match, then replaced with it', async () => {
    const created = await call(table, 'PUT', '/v1/entities/FRA/contacts', {
      token: admin,
      body: { items: [focalPoint] },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ items: [focalPoint], version: 1 });
    const body = { items: [focalPoint, contributor] };
    expect(
      (await call(table, 'PUT', '/v1/entities/FRA/contacts', { token: admin, body })).status,
    ).toBe(428);
    expect(
      (
        await call(table, 'PUT', '/v1/entities/FRA/contacts', {
          token: admin,
          body,
          ifMatch: '"7"',
        })
      ).status,
    ).toBe(412);
    const replaced = await call(table, 'PUT', '/v1/entities/FRA/contacts', {
      token: admin,
      body,
      ifMatch: '"1"',
    });
    expect(replaced.body).toEqual({ ...body, version: 2 });
  });

  it('fit the entity: no focal point for an RCP, a contributorId only for contributors, a real email', async () => {
    const cases: Array<[string, object, string]> = [
      ['BUDAPEST', focalPoint, '/items/0/role'],
      ['FRA', { ...focalPoint, role: 'SECRETARIAT' }, '/items/0/role'],
      ['FRA', { ...contributor, contributorId: undefined }, '/items/0/contributorId'],
      ['FRA', { ...focalPoint, email: 'not-an-email' }, '/items/0/email'],
    ];
    for (const [entity, contact, pointer] of cases) {
      const res = await call(table, 'PUT', `/v1/entities/${entity}/contacts`, {
        token: admin,
        body: { items: [contact] },
        ifMatch: '"2"',
      });
      expect(res.status, JSON.stringify(contact)).toBe(400);
      expect(res.body.errors[0].pointer).toBe(pointer);
    }
  });

  it('keep emails from everyone but the admin and the entity’s own users', async () => {
    expect((await call(table, 'GET', '/v1/entities/FRA/contacts', { token: reader })).status).toBe(
      403,
    );
    const german = await table.token('de-fp', { role: 'FOCAL_POINT', entityId: 'DEU' });
    expect((await call(table, 'GET', '/v1/entities/FRA/contacts', { token: german })).status).toBe(
      403,
    );
    const ministry = await table.token('moi', {
      role: 'CONTRIBUTOR',
      entityId: 'FRA',
      contributorId: 'MOI',
    });
    expect(
      (await call(table, 'GET', '/v1/entities/FRA/contacts', { token: ministry })).body.items,
    ).toHaveLength(2);
  });
});

describe('invitations, then acting on the grant', () => {
  it('lets the admin invite a focal point, who then creates a commitment tagged in both frameworks', async () => {
    const invited = await call(table, 'POST', '/v1/entities/FRA/users', {
      token: admin,
      body: { email: 'Focal.Point@example.org', role: 'FOCAL_POINT' },
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({
      email: 'Focal.Point@example.org',
      grants: [{ role: 'FOCAL_POINT', entityId: 'FRA' }],
    });
    const sub = invited.body.sub as string;

    // Locally the development token is the sign-in; the grant comes from the table.
    const focalPoint = await table.token(sub, { role: 'READER' });
    const me = await call(table, 'GET', '/v1/me', { token: focalPoint });
    expect(me.body.grants).toContainEqual({ role: 'FOCAL_POINT', entityId: 'FRA' });
    const commitment = await call(table, 'POST', '/v1/commitments', {
      token: focalPoint,
      body: { owner: 'FRA', title: { en: 'Data' }, tags: { 'nyd-2016': ['v'], 'gcm-2018': ['1'] } },
    });
    expect(commitment.status).toBe(201);

    const users = await call(table, 'GET', '/v1/entities/FRA/users', { token: focalPoint });
    expect(users.body.items).toContainEqual({
      sub,
      email: 'Focal.Point@example.org',
      role: 'FOCAL_POINT',
    });

    // Inviting again changes nothing; removing the user takes the grant away at once.
    await call(table, 'POST', '/v1/entities/FRA/users', {
      token: admin,
      body: { email: 'focal.point@example.org', role: 'FOCAL_POINT' },
    });
    expect(
      (await call(table, 'GET', '/v1/entities/FRA/users', { token: admin })).body.items,
    ).toHaveLength(1);
    expect(
      (await call(table, 'DELETE', `/v1/entities/FRA/users/${sub}`, { token: admin })).status,
    ).toBe(204);
    const after = await call(table, 'POST', '/v1/commitments', {
      token: focalPoint,
      body: { owner: 'FRA', title: { en: 'x' } },
    });
    expect(after.status).toBe(403);
    expect(
      (await call(table, 'DELETE', `/v1/entities/FRA/users/${sub}`, { token: admin })).status,
    ).toBe(404);
  });

  it('tells an inviter only about the grant it made', async () => {
    const focalPoint = await table.token('fr-fp-2', { role: 'FOCAL_POINT', entityId: 'FRA' });
    await call(table, 'POST', '/v1/users', {
      token: admin,
      body: { email: 'boss@example.org', role: 'ADMIN' },
    });
    const res = await call(table, 'POST', '/v1/entities/FRA/users', {
      token: focalPoint,
      body: { email: 'boss@example.org', role: 'CONTRIBUTOR', contributorId: 'MOI' },
    });
    expect(res.body.grants).toEqual([
      { role: 'CONTRIBUTOR', entityId: 'FRA', contributorId: 'MOI' },
    ]);
  });

  it('answers a reader’s invalid input with 400 before refusing the write', async () => {
    const created = await call(table, 'POST', '/v1/commitments', {
      token: admin,
      body: { owner: 'FRA', title: { en: 'x' } },
    });
    const patch = await call(table, 'PATCH', `/v1/commitments/${created.body.id}`, {
      token: reader,
      body: { startDate: 'soon' },
      ifMatch: '"1"',
    });
    expect(patch.status).toBe(400);
    const contacts = await call(table, 'PUT', '/v1/entities/FRA/contacts', {
      token: reader,
      body: { items: [{ role: 'CONTRIBUTOR', name: 'J', email: 'j@example.org', language: 'fr' }] },
    });
    expect(contacts.status).toBe(400);
    expect(contacts.body.errors[0].pointer).toBe('/items/0/contributorId');
  });

  it('refuses a reader with 403 and an anonymous caller with 401', async () => {
    const body = { owner: 'FRA', title: { en: 'x' } };
    expect((await call(table, 'POST', '/v1/commitments', { token: reader, body })).status).toBe(
      403,
    );
    expect((await call(table, 'POST', '/v1/commitments', { body })).status).toBe(401);
  });

  it('lets a focal point invite for its own state only, and only state roles', async () => {
    const focalPoint = await table.token('fr-fp', { role: 'FOCAL_POINT', entityId: 'FRA' });
    const alternate = await call(table, 'POST', '/v1/entities/FRA/users', {
      token: focalPoint,
      body: { email: 'alt@example.org', role: 'ALTERNATE_FOCAL_POINT' },
    });
    expect(alternate.status).toBe(201);
    expect(
      (
        await call(table, 'POST', '/v1/entities/DEU/users', {
          token: focalPoint,
          body: { email: 'x@example.org', role: 'CONTRIBUTOR', contributorId: 'MOI' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(table, 'POST', '/v1/users', {
          token: focalPoint,
          body: { email: 'x@example.org', role: 'ADMIN' },
        })
      ).status,
    ).toBe(403);
    const wrongKind = await call(table, 'POST', '/v1/entities/BUDAPEST/users', {
      token: admin,
      body: { email: 'y@example.org', role: 'FOCAL_POINT' },
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors[0].pointer).toBe('/role');
  });

  it('issues development tokens on the API port, and publishes the keys', async () => {
    const res = await call(table, 'POST', '/dev/token', {
      body: { sub: 'alice', role: 'FOCAL_POINT', entityId: 'FRA' },
    });
    expect(res.status).toBe(200);
    expect((await call(table, 'GET', '/v1/me', { token: res.body.token })).body).toEqual({
      sub: 'alice',
      grants: [{ role: 'FOCAL_POINT', entityId: 'FRA' }],
    });
    expect(
      (await call(table, 'POST', '/dev/token', { body: { sub: 'bob', role: 'FOCAL_POINT' } }))
        .status,
    ).toBe(400);
    expect((await call(table, 'GET', '/.well-known/jwks.json')).body.keys[0]).toMatchObject({
      kty: 'RSA',
      alg: 'RS256',
    });
  });
});
