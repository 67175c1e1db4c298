import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Email } from '#infra/email.ts';
import type { EvidenceFiles } from '#infra/evidenceFiles.ts';
import type { Scheduling } from '#infra/scheduling.ts';
import type { TableAccess, TeamFunction } from '#infra/teamFunction.ts';

type TableAccessLevel = 'read' | 'readAll' | 'readWrite';
type MachineAction = 'start' | 'taskResponse' | 'stop';

/**
 * What the routes of one stage function need, gathered route by route and granted once: a table
 * several routes read and one writes gets one statement, not one per route (a role's inline
 * policies may hold 10,240 characters in all).
 */
export class StageGrants {
  private readonly environment = new Map<string, string>();
  private readonly tables = new Map<string, { table: TableAccess; levels: Set<TableAccessLevel> }>();
  private readonly machines = new Map<string, { machine: sfn.IStateMachine; actions: Set<MachineAction> }>();
  private readonly userPoolActions = new Map<string, Set<string>>();
  private email: Email | undefined;
  private evidenceFiles: EvidenceFiles | undefined;
  private importWorkbooks: EvidenceFiles | undefined;
  private scheduling: 'none' | 'unschedules' | 'schedules' = 'none';

  setEnvironment(name: string, value: string): this {
    const set = this.environment.get(name);
    if (set !== undefined && set !== value) {
      throw new Error(`Two routes of one function set ${name} differently: ${set} and ${value}`);
    }
    this.environment.set(name, value);
    return this;
  }

  useTable(variable: string, table: TableAccess, level: TableAccessLevel): this {
    const entry = this.tables.get(variable) ?? { table, levels: new Set<TableAccessLevel>() };
    entry.levels.add(level);
    this.tables.set(variable, entry);
    return this;
  }

  useStateMachine(variable: string, machine: sfn.IStateMachine, actions: readonly MachineAction[]): this {
    const entry = this.machines.get(variable) ?? { machine, actions: new Set<MachineAction>() };
    for (const action of actions) entry.actions.add(action);
    this.machines.set(variable, entry);
    return this;
  }

  useEmail(email: Email): this {
    this.email = email;
    return this;
  }

  /** Uploads, checks and downloads evidence files. */
  useEvidenceFiles(evidenceFiles: EvidenceFiles): this {
    this.evidenceFiles = evidenceFiles;
    return this;
  }

  /** Presigns import workbooks' uploads and looks them up. */
  useImportWorkbooks(evidenceFiles: EvidenceFiles): this {
    this.importWorkbooks = evidenceFiles;
    return this;
  }

  /** Cognito admin actions on one user pool only. */
  useUserPool(userPoolArn: string, actions: readonly string[]): this {
    const granted = this.userPoolActions.get(userPoolArn) ?? new Set<string>();
    for (const action of actions) granted.add(action);
    this.userPoolActions.set(userPoolArn, granted);
    return this;
  }

  /** Creates and deletes report-period schedules. */
  schedules(): this {
    this.scheduling = 'schedules';
    return this;
  }

  /** Only deletes report-period schedules: a period waived before it opens. */
  unschedules(): this {
    if (this.scheduling === 'none') this.scheduling = 'unschedules';
    return this;
  }

  applyTo(fn: TeamFunction, scheduling: Scheduling): void {
    for (const [name, value] of this.environment) fn.setEnvironment(name, value);
    for (const [variable, { table, levels }] of this.tables) {
      // `readAll` (scans) and `readWrite` (writes) each include `read`.
      const widest: TableAccessLevel[] =
        levels.has('readAll') || levels.has('readWrite')
          ? (['readAll', 'readWrite'] as const).filter((level) => levels.has(level))
          : ['read'];
      for (const level of widest) fn.useTable(variable, table, level);
    }
    for (const [variable, { machine, actions }] of this.machines) {
      fn.useStateMachine(variable, machine, [...actions]);
    }
    this.email?.allowSending(fn);
    this.evidenceFiles?.allowFileHandling(fn);
    this.importWorkbooks?.allowImportWorkbooks(fn, 'upload');
    for (const [userPoolArn, actions] of this.userPoolActions) {
      fn.function.addToRolePolicy(
        new iam.PolicyStatement({ actions: [...actions].sort(), resources: [userPoolArn] }),
      );
    }
    if (this.scheduling === 'schedules') scheduling.allowScheduling(fn);
    if (this.scheduling === 'unschedules') scheduling.allowUnscheduling(fn);
  }
}
