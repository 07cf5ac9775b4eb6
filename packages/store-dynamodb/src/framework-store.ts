import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { Framework, type FrameworkRepository } from '#core';
import { frameworkKeys, ITEM_TYPE, TABLE } from './table-design.ts';
import { failedCondition } from './transactions.ts';

/** Frameworks in the single table, each stored whole as a document. */
export class DynamoFrameworkRepository implements FrameworkRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async list(): Promise<Framework[]> {
    // A handful of frameworks, each a few KB: one query page holds them all.
    const { Items = [] } = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: TABLE.byType.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE.byType.partitionKey },
        ExpressionAttributeValues: { ':pk': frameworkKeys.typePartition },
      }),
    );
    return Items.map(parseDocument);
  }

  async get(id: string): Promise<Framework | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: frameworkKeys.item(id), ConsistentRead: true }),
    );
    return Item ? parseDocument(Item) : undefined;
  }

  async put(framework: Framework): Promise<boolean> {
    // Stored as one JSON document that doubles as its fingerprint: an unchanged framework is not rewritten.
    const document = JSON.stringify(framework);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...frameworkKeys.item(framework.id),
            ...frameworkKeys.byType(framework.id),
            type: ITEM_TYPE.framework,
            document,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #document <> :document',
          ExpressionAttributeNames: { '#document': 'document' },
          ExpressionAttributeValues: { ':document': document },
        }),
      );
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }
}

function parseDocument(item: Record<string, unknown>): Framework {
  return Framework.parse(JSON.parse(String(item.document)));
}
