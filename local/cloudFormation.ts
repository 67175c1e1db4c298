import { createHash } from 'node:crypto';

/**
 * Just enough CloudFormation to run the synthesized template on one machine: the
 * resource shapes the embedded runtime reads, and a resolver for the intrinsic functions
 * CDK emits (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select), with local names and ARNs.
 */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
}

export const localRegion = 'us-east-1';
export const localAccount = '000000000000';

const pseudoParameters: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': localRegion,
  'AWS::AccountId': localAccount,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'CommissionerWorkflows',
  'AWS::NoValue': '',
};

/**
 * A bucket's local name: its logical id lowercased, as S3 names are; an id past S3's 63 characters
 * keeps its start and a hash of the whole, so two long ids stay apart.
 */
export function localBucketName(logicalId: string): string {
  const name = logicalId.toLowerCase();
  if (name.length <= 63) return name;
  return `${name.slice(0, 54)}-${createHash('sha256').update(logicalId).digest('hex').slice(0, 8)}`;
}

/** Locally a resource is named by its logical id (a bucket by `localBucketName`); ARNs follow the AWS formats. */
export function localArn(type: string, logicalId: string): string {
  switch (type) {
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${localRegion}:${localAccount}:function:${logicalId}`;
    case 'AWS::StepFunctions::StateMachine':
      return `arn:aws:states:${localRegion}:${localAccount}:stateMachine:${logicalId}`;
    case 'AWS::DynamoDB::Table':
      return `arn:aws:dynamodb:${localRegion}:${localAccount}:table/${logicalId}`;
    case 'AWS::S3::Bucket':
      return `arn:aws:s3:::${localBucketName(logicalId)}`;
    // Scheduler checks a dead-letter queue's ARN is an SQS one.
    case 'AWS::SQS::Queue':
      return `arn:aws:sqs:${localRegion}:${localAccount}:${logicalId}`;
    default:
      return `arn:aws:local:${localRegion}:${localAccount}:${logicalId}`;
  }
}

export class TemplateResolver {
  constructor(private readonly template: CfnTemplate) {}

  private resourceType(logicalId: string): string {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new Error(`The template has no resource ${logicalId}`);
    return resource.Type;
  }

  private ref(name: string): string {
    const pseudo = pseudoParameters[name];
    if (pseudo !== undefined) return pseudo;
    const type = this.resourceType(name);
    // Ref gives an ARN for these types and a name for the rest.
    if (type === 'AWS::StepFunctions::StateMachine') return localArn(type, name);
    return type === 'AWS::S3::Bucket' ? localBucketName(name) : name;
  }

  private getAtt(logicalId: string, attribute: string): string {
    const type = this.resourceType(logicalId);
    return attribute === 'Arn' ? localArn(type, logicalId) : `${logicalId}.${attribute}`;
  }

  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const [first] = entries;
    if (entries.length === 1 && first) {
      const [key, argument] = first;
      if (key === 'Ref') return this.ref(String(argument));
      if (key === 'Fn::GetAtt') {
        const [logicalId, attribute] = Array.isArray(argument) ? argument : String(argument).split('.');
        return this.getAtt(String(logicalId), String(attribute));
      }
      if (key === 'Fn::Join') {
        const [separator, parts] = argument as [string, unknown[]];
        return (this.resolve(parts) as unknown[]).map(String).join(separator);
      }
      if (key === 'Fn::Select') {
        const [index, list] = argument as [number, unknown];
        return (this.resolve(list) as unknown[])[Number(index)];
      }
      if (key === 'Fn::Sub') {
        const [text, variables = {}] = (Array.isArray(argument) ? argument : [argument]) as [
          string,
          Record<string, unknown>?,
        ];
        return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          if (name in variables) return String(this.resolve(variables[name]));
          const [logicalId, attribute] = name.split('.');
          return attribute ? this.getAtt(String(logicalId), attribute) : this.ref(name);
        });
      }
    }
    return Object.fromEntries(entries.map(([key, item]) => [key, this.resolve(item)]));
  }

  resourcesOfType(type: string): [string, CfnResource][] {
    return Object.entries(this.template.Resources).filter(([, resource]) => resource.Type === type);
  }
}
