import { type CfnElement, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import type { TeamFunction } from '#infra/teamFunction.ts';

export interface SchedulingProps {
  /** What the schedules run: the function that opens a report period. */
  readonly target: TeamFunction;
}

/**
 * The clock: EventBridge Scheduler one-time schedules in their own group, run by a role
 * that may invoke only the target function. (The embedded runtime serves the same
 * CreateSchedule call and fires the schedules on its advanceable clock.)
 */
export class Scheduling extends Construct {
  readonly group: scheduler.CfnScheduleGroup;
  readonly role: iam.Role;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: SchedulingProps,
  ) {
    super(scope, id);
    this.group = new scheduler.CfnScheduleGroup(this, 'Group', {});
    this.role = new iam.Role(this, 'InvokeRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    props.target.function.grantInvoke(this.role);
    const stack = Stack.of(this);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${stack.resolve(stack.getLogicalId(props.target.function.node.defaultChild as CfnElement))}.Arn>:*]`,
      reason: "Invoking the target function's versions (ARN:*); the role may invoke nothing else",
    });
  }

  /** Lets `fn` create schedules in the group (and hand them the invoke role), with the variables it needs. */
  allowScheduling(fn: TeamFunction): void {
    const groupName = this.group.ref;
    fn.setEnvironment('SCHEDULE_GROUP', groupName)
      .setEnvironment('SCHEDULER_ROLE_ARN', this.role.roleArn)
      .setEnvironment('OPEN_PERIOD_FUNCTION_ARN', this.props.target.function.functionArn);
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['scheduler:CreateSchedule'],
        resources: [
          Stack.of(this).formatArn({
            service: 'scheduler',
            resource: 'schedule',
            resourceName: `${groupName}/*`,
          }),
        ],
      }),
    );
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [this.role.roleArn] }),
    );
    const stack = Stack.of(this);
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    Validations.of(fn).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${region}:<AWS::AccountId>:schedule/<${stack.resolve(stack.getLogicalId(this.group))}>/*]`,
      reason: 'One schedule per report period, named when the agreement activates; limited to this group',
    });
  }
}
