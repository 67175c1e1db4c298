import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { TableAccess } from '#infra/teamFunction.ts';
import { agreementIndexes } from '#shared/agreement/agreementIndexes.ts';
import { applicationIndexes } from '#shared/application/applicationIndexes.ts';
import { assessmentIndexes } from '#shared/assessment/assessmentTable.ts';
import { commendationIndexes } from '#shared/commendation/commendationTable.ts';
import { commissionerIndexes, poolProfileAttributes } from '#shared/commissioner/commissionerIndexes.ts';
import { demandIndexes } from '#shared/demand/demandIndexes.ts';
import { dispatchIndexes } from '#shared/dispatch/dispatchIndexes.ts';
import { fileIndexes } from '#shared/evidenceFiles/fileTable.ts';
import { membershipIndexes } from '#shared/membership/membershipIndexes.ts';
import { importIndexes } from '#shared/programmeImport/importTable.ts';
import { acceptedContributionAttributes, reportIndexes } from '#shared/report/reportIndexes.ts';
import { taskIndexes } from '#shared/tasks/taskIndexes.ts';

const string = dynamodb.AttributeType.STRING;

/**
 * The system's tables: on demand, encrypted, with point-in-time recovery and deletion
 * protection, retained if the stack is deleted. Programme records must outlive any deploy.
 */
export class Tables extends Construct {
  readonly applicationTable: TableAccess;
  readonly taskTable: TableAccess;
  readonly emailLogTable: TableAccess;
  readonly commissionerTable: TableAccess;
  readonly demandTable: TableAccess;
  readonly dispatchTable: TableAccess;
  readonly agreementTable: TableAccess;
  readonly reportTable: TableAccess;
  readonly assessmentTable: TableAccess;
  readonly settingsTable: TableAccess;
  readonly commendationTable: TableAccess;
  /** Panel scores, one item each, keyed by round and by nominee and member. */
  readonly panelScoreTable: TableAccess;
  /** Each person's daily uses of the routes anyone may call; expired by DynamoDB after a week. */
  readonly quotaTable: TableAccess;
  /** Who may do what: one member per identity subject, with reservations of their addresses. */
  readonly membershipTable: TableAccess;
  /** Evidence files, one item each, by the record they belong to (the bytes are in the evidence bucket). */
  readonly fileTable: TableAccess;
  /**
   * Programme imports (one item each, listed newest first), their staged rows and problem pages,
   * and the institutions, enterprises and commissioners they brought in.
   */
  readonly importTable: TableAccess;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const table = (
      name: string,
      keys: Pick<dynamodb.TableProps, 'partitionKey' | 'sortKey' | 'timeToLiveAttribute'> = {
        partitionKey: { name: 'id', type: string },
      },
    ) =>
      new dynamodb.Table(this, name, {
        ...keys,
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });

    const applicationTable = table('ApplicationTable');
    applicationTable.addGlobalSecondaryIndex({
      indexName: applicationIndexes.byApplicant,
      partitionKey: { name: 'applicantSub', type: string },
      sortKey: { name: 'createdAt', type: string },
    });
    applicationTable.addGlobalSecondaryIndex({
      indexName: applicationIndexes.byInstitution,
      partitionKey: { name: 'institutionKey', type: string },
      sortKey: { name: 'createdAt', type: string },
    });
    applicationTable.addGlobalSecondaryIndex({
      indexName: applicationIndexes.byUpdatedAt,
      partitionKey: { name: 'entity', type: string },
      sortKey: { name: 'updatedAt', type: string },
    });
    applicationTable.addGlobalSecondaryIndex({
      indexName: applicationIndexes.byState,
      partitionKey: { name: 'state', type: string },
      sortKey: { name: 'createdAt', type: string },
    });

    // CloudFormation creates one GSI per table per update ("Cannot perform more than one GSI creation
    // or deletion in a single update"): add at most one to a table per release.
    this.applicationTable = { table: applicationTable, indexes: Object.values(applicationIndexes) };

    const taskTable = table('TaskTable');
    taskTable.addGlobalSecondaryIndex({
      indexName: taskIndexes.openByAssignee,
      partitionKey: { name: 'openAssigneeKey', type: string },
      sortKey: { name: 'openedAt', type: string },
    });
    taskTable.addGlobalSecondaryIndex({
      indexName: taskIndexes.openByAge,
      partitionKey: { name: 'openPartition', type: string },
      sortKey: { name: 'openedAt', type: string },
    });

    this.taskTable = { table: taskTable, indexes: Object.values(taskIndexes) };

    this.emailLogTable = { table: table('EmailLogTable'), indexes: [] };

    const commissionerTable = table('CommissionerTable');
    // INCLUDE, not ALL: a projection may carry any attribute type, string sets too
    // (servingDispatchIds), so the index holds what ranking reads and no emails or phone numbers.
    commissionerTable.addGlobalSecondaryIndex({
      indexName: commissionerIndexes.byPoolChange,
      partitionKey: { name: 'poolPartition', type: string },
      sortKey: { name: 'changedAt', type: string },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...poolProfileAttributes],
    });
    this.commissionerTable = { table: commissionerTable, indexes: Object.values(commissionerIndexes) };

    const demandTable = table('DemandTable');
    demandTable.addGlobalSecondaryIndex({
      indexName: demandIndexes.byEnterprise,
      partitionKey: { name: 'enterpriseKey', type: string },
      sortKey: { name: 'createdAt', type: string },
    });
    demandTable.addGlobalSecondaryIndex({
      indexName: demandIndexes.byUpdatedAt,
      partitionKey: { name: 'entity', type: string },
      sortKey: { name: 'updatedAt', type: string },
    });
    demandTable.addGlobalSecondaryIndex({
      indexName: demandIndexes.byState,
      partitionKey: { name: 'state', type: string },
      sortKey: { name: 'createdAt', type: string },
    });
    this.demandTable = { table: demandTable, indexes: Object.values(demandIndexes) };

    const dispatchTable = table('DispatchTable');
    const dispatchIndexKeys: Record<keyof typeof dispatchIndexes, [string, string]> = {
      byDemand: ['demandId', 'createdAt'],
      byCommissioner: ['commissionerId', 'createdAt'],
      byEnterprise: ['enterpriseKey', 'createdAt'],
      byState: ['state', 'updatedAt'],
      objectionsByDispatch: ['objectionOf', 'createdAt'],
    };
    for (const [index, [partition, sort]] of Object.entries(dispatchIndexKeys)) {
      dispatchTable.addGlobalSecondaryIndex({
        indexName: index,
        partitionKey: { name: partition, type: string },
        sortKey: { name: sort, type: string },
      });
    }
    this.dispatchTable = { table: dispatchTable, indexes: Object.values(dispatchIndexes) };

    const agreementTable = table('AgreementTable');
    const agreementIndexKeys: Record<keyof typeof agreementIndexes, [string, string]> = {
      byCommissioner: ['commissionerId', 'createdAt'],
      byEnterprise: ['enterpriseKey', 'createdAt'],
      byInstitution: ['institutionKey', 'createdAt'],
      byUpdatedAt: ['entity', 'updatedAt'],
      byState: ['state', 'createdAt'],
    };
    for (const [index, [partition, sort]] of Object.entries(agreementIndexKeys)) {
      agreementTable.addGlobalSecondaryIndex({
        indexName: index,
        partitionKey: { name: partition, type: string },
        sortKey: { name: sort, type: string },
      });
    }
    this.agreementTable = { table: agreementTable, indexes: Object.values(agreementIndexes) };

    const reportTable = table('ReportTable');
    reportTable.addGlobalSecondaryIndex({
      indexName: reportIndexes.byAgreement,
      partitionKey: { name: 'agreementId', type: string },
      sortKey: { name: 'start', type: string },
    });
    reportTable.addGlobalSecondaryIndex({
      indexName: reportIndexes.awaitingByDue,
      partitionKey: { name: 'awaitingDue', type: string },
      sortKey: { name: 'agreementId', type: string },
    });
    reportTable.addGlobalSecondaryIndex({
      indexName: reportIndexes.acceptedContributions,
      partitionKey: { name: 'acceptedPartition', type: string },
      sortKey: { name: 'end', type: string },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...acceptedContributionAttributes],
    });
    // Retired: the accepted reports in full (every version summary and the audit trail). A GSI's
    // projection cannot change, and one UpdateTable creates or deletes one GSI, so it goes in the
    // next deploy, after acceptedContributions exists. Nothing reads it; no function is granted it.
    reportTable.addGlobalSecondaryIndex({
      indexName: 'acceptedByEnd',
      partitionKey: { name: 'acceptedPartition', type: string },
      sortKey: { name: 'end', type: string },
    });
    this.reportTable = { table: reportTable, indexes: Object.values(reportIndexes) };

    const assessmentTable = table('AssessmentTable');
    assessmentTable.addGlobalSecondaryIndex({
      indexName: assessmentIndexes.byYear,
      partitionKey: { name: 'year', type: string },
      sortKey: { name: 'agreementId', type: string },
    });
    this.assessmentTable = { table: assessmentTable, indexes: Object.values(assessmentIndexes) };
    this.settingsTable = { table: table('SettingsTable'), indexes: [] };

    const commendationTable = table('CommendationTable');
    commendationTable.addGlobalSecondaryIndex({
      indexName: commendationIndexes.byCreatedAt,
      partitionKey: { name: 'entity', type: string },
      sortKey: { name: 'createdAt', type: string },
    });
    this.commendationTable = { table: commendationTable, indexes: Object.values(commendationIndexes) };
    this.panelScoreTable = {
      table: table('PanelScoreTable', {
        partitionKey: { name: 'roundId', type: string },
        sortKey: { name: 'pair', type: string },
      }),
      indexes: [],
    };
    this.quotaTable = {
      table: table('QuotaTable', {
        partitionKey: { name: 'id', type: string },
        timeToLiveAttribute: 'expiresAt',
      }),
      indexes: [],
    };

    const membershipTable = table('MembershipTable');
    membershipTable.addGlobalSecondaryIndex({
      indexName: membershipIndexes.byEmail,
      partitionKey: { name: 'entity', type: string },
      sortKey: { name: 'email', type: string },
    });
    membershipTable.addGlobalSecondaryIndex({
      indexName: membershipIndexes.byOrganization,
      partitionKey: { name: 'organizationKey', type: string },
      sortKey: { name: 'email', type: string },
    });
    this.membershipTable = { table: membershipTable, indexes: Object.values(membershipIndexes) };

    const fileTable = table('FileTable');
    fileTable.addGlobalSecondaryIndex({
      indexName: fileIndexes.byOwner,
      partitionKey: { name: 'ownerKey', type: string },
      sortKey: { name: 'uploadedAt', type: string },
    });
    this.fileTable = { table: fileTable, indexes: Object.values(fileIndexes) };

    const importTable = table('ImportTable');
    importTable.addGlobalSecondaryIndex({
      indexName: importIndexes.byCreatedAt,
      partitionKey: { name: 'entity', type: string },
      sortKey: { name: 'createdAt', type: string },
    });
    this.importTable = { table: importTable, indexes: Object.values(importIndexes) };
  }
}
