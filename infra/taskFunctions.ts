import { Construct } from 'constructs';
import { emailing, type StageEnvironment, stageFunction } from '#infra/stageWorkflow.ts';
import type { TeamFunction } from '#infra/teamFunction.ts';

/**
 * The two steps every human task of every stage is made of: open the task (record it
 * with its token, tell the assignee) and nudge it when its deadline passes. They read
 * the record the task is about, whichever stage it belongs to.
 */
export class TaskFunctions extends Construct {
  readonly openTask: TeamFunction;
  readonly nudgeTask: TeamFunction;

  constructor(scope: Construct, id: string, environment: StageEnvironment) {
    super(scope, id);
    const { tables } = environment;
    const taskStep = (name: string, entry: string) =>
      emailing(stageFunction(this, name, entry, environment), environment)
        .useTable('TASK_TABLE', tables.taskTable, 'readWrite')
        .useTable('APPLICATION_TABLE', tables.applicationTable, 'read')
        .useTable('DEMAND_TABLE', tables.demandTable, 'read')
        .useTable('DISPATCH_TABLE', tables.dispatchTable, 'read')
        .useTable('AGREEMENT_TABLE', tables.agreementTable, 'read')
        .useTable('REPORT_TABLE', tables.reportTable, 'read')
        .useTable('ASSESSMENT_TABLE', tables.assessmentTable, 'read')
        .useTable('COMMENDATION_TABLE', tables.commendationTable, 'read');
    this.openTask = taskStep('OpenTask', 'functions/workflow/openTask.ts');
    this.nudgeTask = taskStep('NudgeTask', 'functions/workflow/nudgeTask.ts');
  }
}
