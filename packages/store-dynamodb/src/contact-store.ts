import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Contact, ContactRepository, Contacts } from '#core';
import { batchGet } from './index-query.ts';
import { contactKeys, ITEM_TYPE } from './table-design.ts';
import { versionCondition, writeOneVersioned } from './transactions.ts';

/** An entity's contacts: one versioned item holding the whole list. */
export class DynamoContactRepository implements ContactRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async get(entityId: string): Promise<Contacts> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: contactKeys.item(entityId),
        ConsistentRead: true,
      }),
    );
    return Item
      ? { items: Item.items as Contact[], version: Item.version as number }
      : { items: [], version: 0 };
  }

  async getMany(entityIds: readonly string[]): Promise<Map<string, Contacts>> {
    const items = await batchGet(this.#client, this.#table, entityIds.map(contactKeys.item));
    return new Map(
      items.map((item): [string, Contacts] => [
        String(item.entityId),
        { items: item.items as Contact[], version: item.version as number },
      ]),
    );
  }

  async replace(entityId: string, items: Contact[], expectedVersion: number): Promise<Contacts> {
    const contacts: Contacts = { items, version: expectedVersion + 1 };
    await writeOneVersioned(this.#client, expectedVersion, {
      Put: {
        TableName: this.#table,
        Item: { ...contactKeys.item(entityId), type: ITEM_TYPE.contacts, entityId, ...contacts },
        // Version 0 is a list never written.
        ...versionCondition(expectedVersion === 0 ? undefined : expectedVersion),
      },
    });
    return contacts;
  }
}
