import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/dynamo.ts';
import { countQueryItems } from '#shared/aws/queryCount.ts';
import type { CommendationRound, PanelScore } from '#shared/commendation/model.ts';
import { requireEnv } from '#shared/config.ts';

/*
 * Each panel score is an item of its own, keyed by its round and by nominee and member, so a
 * round's score sheet (up to a panel of 50 times 100 nominees) never rides in the round's item,
 * and scorers never contend for it. Read from the table with strongly consistent queries: the
 * last score must see every other one to complete the panel's step.
 */

const tableName = () => requireEnv('PANEL_SCORE_TABLE');

/** The sort key of one member's score of one nominee: one score per pair. */
const pairKey = (nomineeId: string, memberEmail: string) => `${nomineeId}#${memberEmail}`;

/** Stores a score; false when that member scored that nominee already. */
export async function storePanelScore(roundId: string, score: PanelScore): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { roundId, pair: pairKey(score.nomineeId, score.memberEmail), ...score },
        ConditionExpression: 'attribute_not_exists(pair)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** A round stored before scores had items of their own keeps them in its own item. */
const inlineScores = (round: CommendationRound): readonly PanelScore[] =>
  (round as CommendationRound & { scores?: readonly PanelScore[] }).scores ?? [];

export async function hasScored(
  round: CommendationRound,
  nomineeId: string,
  memberEmail: string,
): Promise<boolean> {
  if (
    inlineScores(round).some((score) => score.nomineeId === nomineeId && score.memberEmail === memberEmail)
  ) {
    return true;
  }
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(),
      Key: { roundId: round.id, pair: pairKey(nomineeId, memberEmail) },
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
}

/** Every score of the round, by nominee then member. */
export async function panelScoresOf(round: CommendationRound): Promise<PanelScore[]> {
  const scores = [...inlineScores(round)];
  for await (const page of paginateQuery(
    { client: dynamo() },
    {
      TableName: tableName(),
      KeyConditionExpression: 'roundId = :round',
      ExpressionAttributeValues: { ':round': round.id },
      ConsistentRead: true,
    },
  )) {
    for (const { memberEmail, nomineeId, score, at } of page.Items ?? []) {
      scores.push({ memberEmail, nomineeId, score, at });
    }
  }
  return scores;
}

/** How many scores the round has, counted without reading them. */
export async function panelScoreCount(round: CommendationRound): Promise<number> {
  return (
    inlineScores(round).length +
    (await countQueryItems({
      TableName: tableName(),
      KeyConditionExpression: 'roundId = :round',
      ExpressionAttributeValues: { ':round': round.id },
      ConsistentRead: true,
    }))
  );
}
