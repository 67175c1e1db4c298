import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface StoredSecret {
  readonly arn: string;
  readonly name: string;
  readonly value: string;
  readonly versionId: string;
  readonly createdAt: Date;
}

/**
 * The secrets the embedded runtime's functions read (the SMTP account, with `EMAIL=smtp`): Secrets
 * Manager's GetSecretValue served on loopback, so the handlers' unchanged client reads them as in
 * AWS, by name or ARN. Held in memory only: they are made afresh at every start.
 */
export class LocalSecrets {
  private readonly secrets = new Map<string, StoredSecret>();
  private server: Server | undefined;

  constructor(private readonly region = 'us-east-1') {}

  /** Stores a secret, or a new version of it (its ARN kept); returns its ARN. */
  put(name: string, value: string): string {
    // Like AWS, the ARN ends with six random characters after the name.
    const arn =
      this.secrets.get(name)?.arn ??
      `arn:aws:secretsmanager:${this.region}:000000000000:secret:${name}-${randomUUID().slice(0, 6)}`;
    const secret = { arn, name, value, versionId: randomUUID(), createdAt: new Date() };
    this.secrets.set(name, secret);
    this.secrets.set(arn, secret);
    return arn;
  }

  private getSecretValue(body: { SecretId?: unknown }): { status: number; body: unknown } {
    if (typeof body.SecretId !== 'string' || body.SecretId === '') {
      return { status: 400, body: { __type: 'InvalidParameterException', message: 'SecretId is required' } };
    }
    const secret = this.secrets.get(body.SecretId);
    if (!secret) {
      return {
        status: 400,
        body: {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        },
      };
    }
    return {
      status: 200,
      body: {
        ARN: secret.arn,
        Name: secret.name,
        SecretString: secret.value,
        VersionId: secret.versionId,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: secret.createdAt.getTime() / 1000,
      },
    };
  }

  /** Serves the AWS JSON protocol's `secretsmanager.GetSecretValue` on an ephemeral loopback port. */
  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const reply = ({ status, body }: { status: number; body: unknown }) => {
          res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(JSON.stringify(body));
        };
        const target = req.headers['x-amz-target'];
        if (req.method !== 'POST' || target !== 'secretsmanager.GetSecretValue') {
          reply({
            status: 400,
            body: {
              __type: 'UnknownOperationException',
              message: `Only GetSecretValue is served here, not ${target}`,
            },
          });
          return;
        }
        let body: { SecretId?: unknown };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: unknown };
        } catch {
          reply({ status: 400, body: { __type: 'SerializationException', message: 'The body is not JSON' } });
          return;
        }
        reply(this.getSecretValue(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
