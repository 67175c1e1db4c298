import { type Stack, Token } from 'aws-cdk-lib';

/**
 * The stack's Region and account as cdk-nag spells them in a finding's id: the value where
 * synthesis knows it (`cdk deploy` with credentials, or a pinned `env`), else the pseudo parameter.
 */
export function nagEnvironment(stack: Stack): { readonly region: string; readonly account: string } {
  return {
    region: Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region,
    account: Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account,
  };
}
