import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface EmailProps {
  /** The domain the system sends from; its DNS records must be published for SES to verify it. */
  readonly domain: string;
  /** @default `no-reply@${domain}` */
  readonly fromAddress?: string;
}

/** Outgoing email through SES v2 from one verified domain identity. */
export class Email extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly fromAddress: string;
  readonly identityName: string;

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);
    this.identity = new ses.EmailIdentity(this, 'Domain', {
      identity: ses.Identity.domain(props.domain),
    });
    this.identityName = props.domain;
    this.fromAddress = props.fromAddress ?? `no-reply@${props.domain}`;
  }
}
