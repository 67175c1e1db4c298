import type { EmailParam } from '#shared/email/catalogue.ts';
import { taskKindRules } from '#shared/tasks/kinds.ts';
import type { Assignee, TaskKind, TaskSubjectType } from '#shared/tasks/model.ts';

/** What a human task needs to know about its subject: its name, who acts, and what its emails say. */
export interface TaskSubjectView {
  readonly title: string;
  readonly assignee: Assignee;
  /** The console route of the subject, e.g. `applications/<id>`. */
  readonly consolePath: string;
  /** Values for the task's email templates (the deadline and link are added). */
  readonly emailParams: Readonly<Record<string, EmailParam>>;
}

export type DescribeTaskSubject = (kind: TaskKind, subjectId: string) => Promise<TaskSubjectView>;

/**
 * How each stage describes its own subjects, filled by the stages: each stage's tasks module provides
 * its row when it loads, so `shared/tasks` imports no stage (no import cycle) and a function holds only
 * the stages it imports.
 */
export class TaskSubjectTable {
  private readonly rows = new Map<TaskSubjectType, DescribeTaskSubject>();

  provide(type: TaskSubjectType, describe: DescribeTaskSubject): void {
    const provided = this.rows.get(type);
    if (provided !== undefined && provided !== describe) {
      throw new Error(`Two stages describe ${type} tasks`);
    }
    this.rows.set(type, describe);
  }

  /** The subject types some loaded stage describes. */
  provided(): TaskSubjectType[] {
    return [...this.rows.keys()];
  }

  /** The subject of a task of `kind`, described by the stage the kind belongs to. */
  async describe(kind: TaskKind, subjectId: string): Promise<TaskSubjectView> {
    const type = taskKindRules[kind].subjectType;
    const describe = this.rows.get(type);
    if (describe === undefined) {
      // A programming error, not the caller's: the function does not import the stage's tasks module.
      throw new Error(
        `No stage describes ${type} tasks in this function: import shared/${type}/${type}Tasks.ts`,
      );
    }
    return describe(kind, subjectId);
  }
}

/** The one table the task steps of every workflow read. */
export const taskSubjects = new TaskSubjectTable();
