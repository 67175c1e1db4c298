import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionerIndexes, poolProfileAttributes } from '#shared/commissioner/commissionerIndexes.ts';
import {
  asList,
  type CfnResource,
  type PolicyStatement,
  resourcesOfType,
  type SynthesizedStack,
  synthesizeStack,
} from './synthesizeStack.ts';

/*
 * The commissioner table's change index, which the candidates route reads the pool's changes
 * from: declared with the keys the writes set, projecting what ranking reads, and queryable by
 * the demand stage's function on exactly that index.
 */

const propertiesOf = (resource: CfnResource): Record<string, unknown> => resource.Properties ?? {};

describe('the commissioner pool change index', () => {
  let synthesized: SynthesizedStack;
  let tableId: string;
  let table: CfnResource;

  beforeAll(() => {
    synthesized = synthesizeStack();
    const found = Object.entries(resourcesOfType(synthesized.template, 'AWS::DynamoDB::Table')).find(([id]) =>
      id.includes('CommissionerTable'),
    );
    if (!found) throw new Error('The template has no commissioner table');
    [tableId, table] = found;
  });

  afterAll(() => synthesized?.dispose());

  it('exists on the commissioner table, keyed by the pool partition and the change stamp, projecting the ranking attributes', () => {
    // Arrange
    const indexes = table.Properties?.GlobalSecondaryIndexes as Record<string, unknown>[];

    // Assert
    expect(indexes).toEqual([
      {
        IndexName: commissionerIndexes.byPoolChange,
        KeySchema: [
          { AttributeName: 'poolPartition', KeyType: 'HASH' },
          { AttributeName: 'changedAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...poolProfileAttributes] },
      },
    ]);
    expect(table.Properties?.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'poolPartition', AttributeType: 'S' },
        { AttributeName: 'changedAt', AttributeType: 'S' },
      ]),
    );
  });

  it("lets the demand stage's function Query that index, named by its ARN", () => {
    // Arrange
    const functions = resourcesOfType(synthesized.template, 'AWS::Lambda::Function');
    const demandStage = Object.values(functions).find(
      (fn) => fn.Metadata?.['commissioner:entry'] === 'functions/http/demand.ts',
    );
    if (!demandStage) throw new Error('The template has no demand stage function');
    const role = (propertiesOf(demandStage).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const indexArn = {
      'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, `/index/${commissionerIndexes.byPoolChange}`]],
    };

    // Act
    const statements = Object.values(resourcesOfType(synthesized.template, 'AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties?.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap(
        (policy) => (propertiesOf(policy).PolicyDocument as { Statement: PolicyStatement[] }).Statement,
      );
    const queriesIndex = statements.filter(
      (statement) =>
        statement.Effect === 'Allow' &&
        asList(statement.Action).includes('dynamodb:Query') &&
        asList(statement.Resource).some((resource) => JSON.stringify(resource) === JSON.stringify(indexArn)),
    );

    // Assert
    expect(queriesIndex).toHaveLength(1);
  });
});
