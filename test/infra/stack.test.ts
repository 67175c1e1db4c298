import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CfnTemplate, TemplateResolver } from '#local/cloudFormation.ts';
import { stageThrottlesOf } from '#local/routeThrottle.ts';
import { openRouteThrottle, stageThrottle } from '#shared/api/routeSpec.ts';
import { routes } from '#shared/api/routes.ts';
import {
  asList,
  joinedText,
  type PolicyStatement,
  resourcesOfType,
  type SynthesizedStack,
  synthesizeStack,
} from './synthesizeStack.ts';

const repositoryRoot = new URL('../../', import.meta.url);

/**
 * CDK's own BucketDeployment singleton (it copies the console into its bucket at deploy time) is
 * granted `s3:GetObject*`, `s3:List*` and the like by CDK itself; consoleHosting.ts acknowledges
 * each of those cdk-nag findings with its reason. Nothing else may use a wildcard action.
 */
const cdkBucketDeploymentPolicy = /^CustomCDKBucketDeployment[0-9A-F]{32}ServiceRoleDefaultPolicy/;

describe('the commissioner stack', () => {
  let synthesized: SynthesizedStack;

  beforeAll(() => {
    synthesized = synthesizeStack();
  });

  afterAll(() => synthesized?.dispose());

  describe('its size', () => {
    const resourceCount = (stack: SynthesizedStack) =>
      Object.keys(stack.template.toJSON().Resources as Record<string, unknown>).length;

    it("stays within 300 of CloudFormation's 500 resources a stack may have", () => {
      const count = resourceCount(synthesized);
      console.info(`The stack has ${count} resources (${routes.length} routes)`);
      expect(count).toBeLessThanOrEqual(300);
    });

    it('grows by at most two resources for a new route', () => {
      // Arrange: one more route in a stage that has routes already.
      const [template] = routes.filter((route) => route.stage === 'application' && route.method === 'GET');
      if (!template) throw new Error('the application stage has a GET route');
      const added = { ...template, path: '/applications/{id}/history', handler: 'getApplicationHistory' };
      const bigger = synthesizeStack({ routes: [...routes, added] });

      try {
        // Act
        const cost = resourceCount(bigger) - resourceCount(synthesized);

        // Assert
        console.info(`A new route costs ${cost} resource(s)`);
        expect(cost).toBeGreaterThan(0);
        expect(cost).toBeLessThanOrEqual(2);
      } finally {
        bigger.dispose();
      }
    });
  });

  describe('DynamoDB tables', () => {
    it('are on demand, encrypted, point-in-time recoverable, deletion-protected and retained', () => {
      // Arrange
      const tables = Object.entries(resourcesOfType(synthesized.template, 'AWS::DynamoDB::Table'));
      expect(tables.length).toBeGreaterThan(0);

      for (const [id, table] of tables) {
        // Assert
        expect(table.Properties, id).toMatchObject({
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          SSESpecification: { SSEEnabled: true },
        });
        expect(table.DeletionPolicy, id).toBe('Retain');
      }
    });
  });

  describe('IAM', () => {
    let statements: { policy: string; statement: PolicyStatement }[];

    beforeAll(() => {
      statements = Object.entries(resourcesOfType(synthesized.template, 'AWS::IAM::Policy')).flatMap(
        ([policy, resource]) => {
          const document = resource.Properties?.PolicyDocument as { Statement: PolicyStatement[] };
          return document.Statement.map((statement) => ({ policy, statement }));
        },
      );
    });

    it('grants no wildcard action outside the CDK BucketDeployment', () => {
      // Act
      const wildcards = statements
        .filter(({ policy }) => !cdkBucketDeploymentPolicy.test(policy))
        .flatMap(({ policy, statement }) =>
          asList(statement.Action)
            .filter((action) => action.includes('*'))
            .map((action) => `${policy}: ${action}`),
        );

      // Assert
      expect(statements.length).toBeGreaterThan(0);
      expect(wildcards).toEqual([]);
    });

    it('names each table index it grants instead of index/*', () => {
      // Arrange
      const resources = statements.flatMap(({ policy, statement }) =>
        asList(statement.Resource).map((resource) => ({ policy, resource })),
      );
      const text = (resource: unknown) =>
        typeof resource === 'string' || (resource as Record<string, unknown>)['Fn::Join']
          ? joinedText(resource)
          : '';

      // Act
      const indexWildcards = resources.filter(({ resource }) => text(resource).endsWith('/index/*'));
      const namedIndexes = resources.filter(({ resource }) => /\/index\/\w+$/.test(text(resource)));

      // Assert
      expect(indexWildcards).toEqual([]);
      expect(namedIndexes.length).toBeGreaterThan(0);
    });
  });

  describe('Lambda functions of the team', () => {
    let functions: [string, { entry: string; properties: Record<string, unknown> }][];

    beforeAll(() => {
      functions = Object.entries(resourcesOfType(synthesized.template, 'AWS::Lambda::Function')).flatMap(
        ([id, fn]) => {
          const entry = fn.Metadata?.['commissioner:entry'];
          return typeof entry === 'string' ? [[id, { entry, properties: fn.Properties ?? {} }] as const] : [];
        },
      );
    });

    it('run Node.js 24 on ARM64 with active X-Ray tracing', () => {
      expect(functions.length).toBeGreaterThan(0);
      for (const [id, { properties }] of functions) {
        expect(properties, id).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
        });
      }
    });

    it('name an entry module that exists in the repository', () => {
      for (const [id, { entry }] of functions) {
        expect(entry, id).toMatch(/^(functions|workflows|shared)\/.+\.ts$/);
        expect(existsSync(fileURLToPath(new URL(entry, repositoryRoot))), `${id}: ${entry}`).toBe(true);
      }
    });

    it("include each HTTP route's stage function", () => {
      const entries = functions.map(([, { entry }]) => entry);
      for (const route of routes) {
        expect(entries).toContain(`functions/http/${route.stage}.ts`);
      }
    });
  });

  describe('the HTTP API', () => {
    let routeResources: Record<string, unknown>[];

    beforeAll(() => {
      routeResources = Object.values(resourcesOfType(synthesized.template, 'AWS::ApiGatewayV2::Route')).map(
        (route) => route.Properties ?? {},
      );
    });

    it.each(routes.map((route) => [`${route.method} ${route.path}`, route.access] as const))(
      'has the route %s (%s)',
      (routeKey, access) => {
        // Act
        const matching = routeResources.filter((route) => route.RouteKey === routeKey);

        // Assert
        expect(matching).toHaveLength(1);
        const [route] = matching;
        if (access === 'public') {
          expect(route?.AuthorizationType ?? 'NONE').toBe('NONE');
          expect(route).not.toHaveProperty('AuthorizerId');
        } else {
          expect(route?.AuthorizationType).toBe('JWT');
          expect(route?.AuthorizerId).toBeDefined();
        }
      },
    );

    it('has no route that is not in routes.ts', () => {
      expect(routeResources.map((route) => route.RouteKey).sort()).toEqual(
        routes.map((route) => `${route.method} ${route.path}`).sort(),
      );
    });

    it('allows CORS only from the console, never from any origin', () => {
      // Arrange
      const apis = Object.values(resourcesOfType(synthesized.template, 'AWS::ApiGatewayV2::Api'));

      for (const api of apis) {
        // Act
        const origins = (api.Properties?.CorsConfiguration as { AllowOrigins?: unknown[] } | undefined)
          ?.AllowOrigins;

        // Assert
        expect(origins?.length).toBeGreaterThan(0);
        for (const origin of origins ?? []) {
          expect(origin).not.toBe('*');
          expect(joinedText(origin, '<console>')).toMatch(/^https:\/\/<console>$/);
        }
      }
    });
  });

  describe('the console distribution', () => {
    it('serves every response with a content security policy', () => {
      // Arrange
      const [distribution] = Object.values(
        resourcesOfType(synthesized.template, 'AWS::CloudFront::Distribution'),
      );
      const policies = resourcesOfType(synthesized.template, 'AWS::CloudFront::ResponseHeadersPolicy');

      // Act
      const behaviour = (distribution?.Properties?.DistributionConfig as Record<string, unknown>)
        ?.DefaultCacheBehavior as { ResponseHeadersPolicyId?: { Ref?: string } } | undefined;
      const policy = policies[behaviour?.ResponseHeadersPolicyId?.Ref ?? ''];

      // Assert
      expect(policy?.Properties?.ResponseHeadersPolicyConfig).toMatchObject({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: {
            ContentSecurityPolicy: expect.stringContaining("default-src 'self'"),
            Override: true,
          },
        },
      });
    });
  });

  describe('throttling', () => {
    const stage = () => {
      const stages = Object.values(resourcesOfType(synthesized.template, 'AWS::ApiGatewayV2::Stage'));
      expect(stages).toHaveLength(1);
      return stages[0] as { Properties: Record<string, unknown>; DependsOn?: string[] };
    };
    const openRoutes = [
      'GET /health',
      'GET /openapi.json',
      'POST /applications',
      'POST /dispatches/{id}/objections',
      'GET /commendations/{id}',
    ];

    it('gives every route of the stage its own bucket', () => {
      expect(stage().Properties.DefaultRouteSettings).toEqual({
        ThrottlingRateLimit: stageThrottle.ratePerSecond,
        ThrottlingBurstLimit: stageThrottle.burst,
      });
    });

    it('gives the routes anyone may call a smaller bucket, and only those', () => {
      const settings = stage().Properties.RouteSettings as Record<string, unknown>;
      expect(Object.keys(settings).sort()).toEqual([...openRoutes].sort());
      for (const routeKey of openRoutes) {
        expect(settings[routeKey]).toEqual({
          ThrottlingRateLimit: openRouteThrottle.ratePerSecond,
          ThrottlingBurstLimit: openRouteThrottle.burst,
        });
      }
      expect(openRouteThrottle.ratePerSecond).toBeLessThan(stageThrottle.ratePerSecond);
    });

    it('creates the stage after the routes its settings name', () => {
      const routeIds = Object.entries(resourcesOfType(synthesized.template, 'AWS::ApiGatewayV2::Route'))
        .filter(([, route]) => openRoutes.includes(String(route.Properties?.RouteKey)))
        .map(([id]) => id);
      expect(routeIds).toHaveLength(openRoutes.length);
      expect(stage().DependsOn).toEqual(expect.arrayContaining(routeIds));
    });

    it('is what the embedded runtime enforces', () => {
      const throttles = stageThrottlesOf(new TemplateResolver(synthesized.template.toJSON() as CfnTemplate));
      expect(throttles.defaults).toEqual(stage().Properties.DefaultRouteSettings);
      expect(throttles.byRoute).toEqual(stage().Properties.RouteSettings);
    });
  });

  describe('the Cognito user pool', () => {
    const pool = () => {
      const pools = Object.values(resourcesOfType(synthesized.template, 'AWS::Cognito::UserPool'));
      expect(pools).toHaveLength(1);
      return pools[0]?.Properties ?? {};
    };
    const clients = () =>
      Object.values(resourcesOfType(synthesized.template, 'AWS::Cognito::UserPoolClient'));

    it('lets nobody sign themselves up: accounts come from the bureau’s invitations', () => {
      expect(pool().AdminCreateUserConfig).toMatchObject({
        AllowAdminCreateUserOnly: true,
        // The invitation names the console, so the invited know where to sign in.
        InviteMessageTemplate: { EmailMessage: { 'Fn::Join': expect.anything() } },
      });
    });

    it('keeps the old email address until the new one is verified', () => {
      expect(pool().AutoVerifiedAttributes).toEqual(['email']);
      expect(pool().UserAttributeUpdateSettings).toEqual({
        AttributesRequireVerificationBeforeUpdate: ['email'],
      });
    });

    it('lets users write only their name, language and (verified) email, and no client read the organisation', () => {
      expect(clients().length).toBeGreaterThan(0);
      for (const client of clients()) {
        const written = (client.Properties?.WriteAttributes ?? []) as string[];
        const read = (client.Properties?.ReadAttributes ?? []) as string[];
        // An absent list means every attribute: each client must name its own.
        expect(written.length).toBeGreaterThan(0);
        expect([...written].sort()).toEqual(['email', 'locale', 'name']);
        expect(read.filter((attribute) => attribute.startsWith('custom:'))).toEqual([]);
      }
    });

    it('has no groups: roles live in the membership table, which only the bureau changes', () => {
      expect(Object.keys(resourcesOfType(synthesized.template, 'AWS::Cognito::UserPoolGroup'))).toEqual([]);
    });

    it('offers TOTP and never SMS as the second factor, to everyone (the API requires it of the bureau and panel)', () => {
      expect(pool().MfaConfiguration).toBe('OPTIONAL');
      expect(pool().EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    });
  });
});
