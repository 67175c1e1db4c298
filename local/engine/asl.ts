/**
 * The subset of the Amazon States Language (JSONPath flavour) the local engine runs.
 * See https://states-language.net/spec.html.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface StateMachineDefinition {
  Comment?: string;
  StartAt: string;
  States: Record<string, StateDefinition>;
  TimeoutSeconds?: number;
  Version?: string;
  QueryLanguage?: string;
}

/** A Parallel branch: a nested state machine without the top-level options. */
export interface BranchDefinition {
  Comment?: string;
  StartAt: string;
  States: Record<string, StateDefinition>;
}

interface StateBase {
  Comment?: string;
  QueryLanguage?: string;
}

interface InputOutputPaths {
  InputPath?: string | null;
  OutputPath?: string | null;
}

interface Transition {
  Next?: string;
  End?: boolean;
}

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: string;
}

export interface Catcher {
  ErrorEquals: string[];
  ResultPath?: string | null;
  Next: string;
}

interface ErrorHandling {
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export interface PassState extends StateBase, InputOutputPaths, Transition {
  Type: 'Pass';
  Parameters?: JsonObject;
  Result?: JsonValue;
  ResultPath?: string | null;
}

export interface TaskState extends StateBase, InputOutputPaths, Transition, ErrorHandling {
  Type: 'Task';
  Resource: string;
  Parameters?: JsonObject;
  ResultSelector?: JsonObject;
  ResultPath?: string | null;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number;
  HeartbeatSecondsPath?: string;
}

type ComparisonType = 'String' | 'Numeric' | 'Boolean' | 'Timestamp';
type ComparisonKind = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';
export type ComparisonOperator =
  | `${ComparisonType}${ComparisonKind}`
  | `${ComparisonType}${ComparisonKind}Path`
  | 'StringMatches'
  | 'IsPresent'
  | 'IsNull'
  | 'IsString'
  | 'IsNumeric'
  | 'IsBoolean'
  | 'IsTimestamp';

export type ChoiceRule = {
  Variable?: string;
  Next?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
} & Partial<Record<ComparisonOperator, JsonValue>>;

export interface ChoiceState extends StateBase, InputOutputPaths {
  Type: 'Choice';
  Choices: ChoiceRule[];
  Default?: string;
}

export interface WaitState extends StateBase, InputOutputPaths, Transition {
  Type: 'Wait';
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
}

export interface SucceedState extends StateBase, InputOutputPaths {
  Type: 'Succeed';
}

export interface FailState extends StateBase {
  Type: 'Fail';
  Error?: string;
  ErrorPath?: string;
  Cause?: string;
  CausePath?: string;
}

export interface ParallelState extends StateBase, InputOutputPaths, Transition, ErrorHandling {
  Type: 'Parallel';
  Branches: BranchDefinition[];
  Parameters?: JsonObject;
  ResultSelector?: JsonObject;
  ResultPath?: string | null;
}

/** Declared only so that registration can name it as unsupported. */
export interface MapState extends StateBase {
  Type: 'Map';
}

export type StateDefinition =
  | PassState
  | TaskState
  | ChoiceState
  | WaitState
  | SucceedState
  | FailState
  | ParallelState
  | MapState;
