import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EntityUser, Grant, GrantRepository } from '#core';
import { queryPrefix } from './index-query.ts';
import { grantKeys, ITEM_TYPE, TABLE } from './table-design.ts';
import { transact, writeOne } from './transactions.ts';

/** Grants in the single table: under the user for the caller's lookups, under the entity (gsi1) for its users. */
export class DynamoGrantRepository implements GrantRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async grantsOf(sub: string): Promise<Grant[]> {
    return (
      await queryPrefix(this.#client, this.#table, grantKeys.userPartition(sub), grantKeys.skPrefix)
    ).map(toGrant);
  }

  async add(user: { sub: string; email: string }, grant: Grant): Promise<void> {
    // A plain put of a fully derived item: adding a grant twice leaves one.
    await writeOne(this.#client, {
      Put: {
        TableName: this.#table,
        Item: {
          ...grantKeys.item(user.sub, grant),
          ...(grant.entityId &&
            grantKeys.byEntity(grant.entityId, user.sub, grant.role, grant.contributorId)),
          type: ITEM_TYPE.grant,
          sub: user.sub,
          email: user.email,
          ...grant,
        },
      },
    });
  }

  async usersOf(entityId: string): Promise<EntityUser[]> {
    const { Items = [] } = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: TABLE.byCollection.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE.byCollection.partitionKey },
        ExpressionAttributeValues: { ':pk': grantKeys.entityPartition(entityId) },
      }),
    );
    return Items.map((item) => ({
      sub: String(item.sub),
      email: String(item.email),
      role: item.role as EntityUser['role'],
      ...(item.contributorId !== undefined && { contributorId: String(item.contributorId) }),
    }));
  }

  async removeFromEntity(sub: string, entityId: string): Promise<number> {
    const items = await queryPrefix(
      this.#client,
      this.#table,
      grantKeys.userPartition(sub),
      grantKeys.entityGrantPrefix(entityId),
    );
    if (items.length === 0) return 0;
    // A user holds a handful of grants on one entity at most: one transaction removes them all.
    await transact(
      this.#client,
      items.map((item) => ({
        Delete: { TableName: this.#table, Key: { pk: item.pk, sk: item.sk } },
      })),
    );
    return items.length;
  }
}

function toGrant(item: Record<string, unknown>): Grant {
  return {
    role: item.role as Grant['role'],
    ...(item.entityId !== undefined && { entityId: String(item.entityId) }),
    ...(item.contributorId !== undefined && { contributorId: String(item.contributorId) }),
  };
}
