import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalObjectStore } from '#local/localObjectStore.ts';

/*
 * The embedded runtime's S3, reached as the handlers and the console reach it: the real SDK
 * clients, presigned URLs and presigned POSTs, and fetch in place of a browser.
 */

const consoleOrigin = 'http://127.0.0.1:3000';
const bucket = 'evidencefiles';
const buckets = [
  {
    name: bucket,
    corsRules: [
      {
        AllowedMethods: ['GET', 'POST'],
        AllowedOrigins: [consoleOrigin],
        AllowedHeaders: ['*'],
        ExposedHeaders: ['ETag'],
        MaxAge: 600,
      },
    ],
  },
];
/** Every byte value, twice: 512 bytes no text encoding would carry unchanged. */
const bytes = Buffer.from([...Array(512).keys()].map((index) => index % 256));
const chineseKey = '证据/2026 年度 报告(终稿).pdf';

const opened: { store: LocalObjectStore; client: S3Client }[] = [];
const folders: string[] = [];

afterEach(async () => {
  for (const { store, client } of opened.splice(0)) {
    client.destroy();
    await store.close();
  }
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function openStore(directory?: string): Promise<{ endpoint: string; client: S3Client }> {
  const store = new LocalObjectStore(directory, buckets);
  const endpoint = await store.listen();
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  opened.push({ store, client });
  return { endpoint, client };
}

async function refusal(sending: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  const error = await sending.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(S3ServiceException);
  const { name, $metadata } = error as S3ServiceException;
  return { name, status: $metadata.httpStatusCode };
}

describe('objects through the SDK', () => {
  it('puts, reads, heads and deletes binary bytes under a Chinese key', async () => {
    // Arrange
    const { client } = await openStore();

    // Act
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: chineseKey, Body: bytes, ContentType: 'application/pdf' }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: chineseKey }));
    const body = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: chineseKey }));
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: chineseKey }));

    // Assert
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    expect(body.equals(bytes)).toBe(true);
    expect(got).toMatchObject({ ContentType: 'application/pdf', ContentLength: 512, ETag: etag });
    expect(head).toMatchObject({ ContentType: 'application/pdf', ContentLength: 512, ETag: etag });
    expect(await refusal(client.send(new HeadObjectCommand({ Bucket: bucket, Key: chineseKey })))).toEqual({
      name: 'NotFound',
      status: 404,
    });
    expect(await refusal(client.send(new GetObjectCommand({ Bucket: bucket, Key: chineseKey })))).toEqual({
      name: 'NoSuchKey',
      status: 404,
    });
    // Deleting what is not there succeeds, as on S3.
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: chineseKey }));
  });

  it('takes a streamed body, which the SDK sends aws-chunked with its CRC32 as a trailer', async () => {
    // Arrange
    const { client } = await openStore();

    // Act
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'streamed.bin',
        Body: Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]),
        ContentLength: bytes.length,
      }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'streamed.bin' }));

    // Assert
    expect(Buffer.from((await got.Body?.transformToByteArray()) ?? []).equals(bytes)).toBe(true);
  });

  it('refuses a checksum that does not match the bytes, an unknown bucket and an unknown key id', async () => {
    // Arrange
    const { endpoint, client } = await openStore();
    const stranger = new S3Client({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIASTRANGER', secretAccessKey: 'local' },
    });

    // Act
    const badChecksum = refusal(
      client.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'a.bin', Body: bytes, ChecksumCRC32: 'AAAAAA==' }),
      ),
    );
    const noBucket = refusal(
      client.send(new PutObjectCommand({ Bucket: 'nobucket', Key: 'a.bin', Body: bytes })),
    );
    const unknownKey = refusal(
      stranger.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.bin', Body: bytes })),
    );

    // Assert
    expect(await badChecksum).toEqual({ name: 'BadDigest', status: 400 });
    expect(await noBucket).toEqual({ name: 'NoSuchBucket', status: 404 });
    expect(await unknownKey).toEqual({ name: 'InvalidAccessKeyId', status: 403 });
    stranger.destroy();
  });

  it('copies an object, with the metadata the copy names (REPLACE) or its source’s (COPY)', async () => {
    // Arrange
    const { client } = await openStore();
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'incoming/a', Body: bytes, ContentType: 'text/plain' }),
    );

    // Act
    const replaced = await client.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: chineseKey,
        CopySource: `${bucket}/incoming/a`,
        ContentType: 'application/pdf',
        MetadataDirective: 'REPLACE',
      }),
    );
    await client.send(
      new CopyObjectCommand({ Bucket: bucket, Key: 'kept', CopySource: `${bucket}/incoming/a` }),
    );
    const missing = refusal(
      client.send(new CopyObjectCommand({ Bucket: bucket, Key: 'b', CopySource: `${bucket}/incoming/none` })),
    );

    // Assert
    const copy = await client.send(new GetObjectCommand({ Bucket: bucket, Key: chineseKey }));
    expect(replaced.CopyObjectResult?.ETag).toBe(`"${createHash('md5').update(bytes).digest('hex')}"`);
    expect(copy.ContentType).toBe('application/pdf');
    expect(Buffer.from((await copy.Body?.transformToByteArray()) ?? []).equals(bytes)).toBe(true);
    expect((await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'kept' }))).ContentType).toBe(
      'text/plain',
    );
    expect(await missing).toEqual({ name: 'NoSuchKey', status: 404 });
  });

  it('reads a range: the first 8 bytes, and 416 InvalidRange past the end', async () => {
    // Arrange
    const { client } = await openStore();
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'ranged.bin', Body: bytes }));

    // Act
    const first = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'ranged.bin', Range: 'bytes=0-7' }),
    );
    const beyond = await refusal(
      client.send(new GetObjectCommand({ Bucket: bucket, Key: 'ranged.bin', Range: 'bytes=512-' })),
    );

    // Assert
    expect(first).toMatchObject({ ContentLength: 8, ContentRange: 'bytes 0-7/512' });
    expect(first.$metadata.httpStatusCode).toBe(206);
    expect(Buffer.from((await first.Body?.transformToByteArray()) ?? [])).toEqual(bytes.subarray(0, 8));
    expect(beyond).toEqual({ name: 'InvalidRange', status: 416 });
  });

  it('keeps objects in its directory for the next store over it', async () => {
    // Arrange
    const folder = await mkdtemp(join(tmpdir(), 'object-store-'));
    folders.push(folder);
    const before = await openStore(folder);
    await before.client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: chineseKey,
        Body: bytes,
        ContentType: 'application/pdf',
        ContentDisposition: 'attachment',
      }),
    );
    await opened[0]?.store.close();

    // Act
    const after = await openStore(folder);
    const got = await after.client.send(new GetObjectCommand({ Bucket: bucket, Key: chineseKey }));

    // Assert
    expect(Buffer.from((await got.Body?.transformToByteArray()) ?? []).equals(bytes)).toBe(true);
    expect(got).toMatchObject({
      ContentType: 'application/pdf',
      ContentDisposition: 'attachment',
      ContentLength: 512,
    });
  });
});

describe('presigned GET', () => {
  it('serves the object with the overrides the URL carries', async () => {
    // Arrange
    const { client } = await openStore();
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: chineseKey, Body: bytes }));
    const url = await getSignedUrl(
      client,
      new GetObjectCommand({
        Bucket: bucket,
        Key: chineseKey,
        ResponseContentDisposition: 'attachment; filename="report.pdf"',
        ResponseContentType: 'application/pdf',
      }),
      { expiresIn: 60 },
    );

    // Act
    const answer = await fetch(url);

    // Assert
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="report.pdf"');
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await answer.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('refuses a tampered signature (403 SignatureDoesNotMatch) and an expired URL (403 AccessDenied)', async () => {
    // Arrange
    const { client } = await openStore();
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.pdf', Body: bytes }));
    const command = new GetObjectCommand({ Bucket: bucket, Key: 'a.pdf' });
    const url = new URL(await getSignedUrl(client, command, { expiresIn: 60 }));
    const signature = url.searchParams.get('X-Amz-Signature') ?? '';
    url.searchParams.set(
      'X-Amz-Signature',
      `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`,
    );
    const expired = await getSignedUrl(client, command, {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 10 * 60_000),
    });

    // Act
    const tampered = await fetch(url);
    const late = await fetch(expired);

    // Assert
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(late.status).toBe(403);
    expect(await late.text()).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    expect((await fetch(url.href.split('?')[0] ?? '')).status).toBe(403);
  });
});

describe('browser form upload under a POST policy', () => {
  const key = 'reports/第一期/evidence.pdf';

  async function presignedPost(client: S3Client, expires = 60) {
    return createPresignedPost(client, {
      Bucket: bucket,
      Key: key,
      Conditions: [
        ['content-length-range', 16, 16],
        ['eq', '$Content-Type', 'application/pdf'],
      ],
      Fields: { 'Content-Type': 'application/pdf' },
      Expires: expires,
    });
  }

  /** Posts the fields, then the file last, as a browser form does. */
  async function upload(url: string, fields: Record<string, string>, file: Buffer): Promise<Response> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), 'evidence.pdf');
    return fetch(url, { method: 'POST', body: form });
  }

  it('stores a file of the allowed size and type, answering 204 with its ETag and Location', async () => {
    // Arrange
    const { client } = await openStore();
    const { url, fields } = await presignedPost(client);

    // Act
    const answer = await upload(url, { ...fields, 'x-ignore-note': 'not checked' }, bytes.subarray(0, 16));

    // Assert
    expect(answer.status).toBe(204);
    expect(answer.headers.get('etag')).toBe(
      `"${createHash('md5').update(bytes.subarray(0, 16)).digest('hex')}"`,
    );
    expect(answer.headers.get('location')).toBe(`${url}/${encodeURIComponent(key)}`);
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(got.ContentType).toBe('application/pdf');
    expect(Buffer.from((await got.Body?.transformToByteArray()) ?? [])).toEqual(bytes.subarray(0, 16));
  });

  it('answers 201 with the PostResponse when success_action_status asks for it', async () => {
    // Arrange
    const { client } = await openStore();
    const { url, fields } = await createPresignedPost(client, {
      Bucket: bucket,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's variable, as a form writes it
      Key: 'uploads/${filename}',
      Fields: { success_action_status: '201' },
    });

    // Act
    const answer = await upload(url, fields, bytes.subarray(0, 16));

    // Assert
    expect(answer.status).toBe(201);
    expect(await answer.text()).toContain('<Key>uploads/evidence.pdf</Key>');
  });

  it('refuses one byte more (400 EntityTooLarge) and one less (400 EntityTooSmall)', async () => {
    // Arrange
    const { client } = await openStore();
    const { url, fields } = await presignedPost(client);

    // Act
    const tooLarge = await upload(url, fields, bytes.subarray(0, 17));
    const tooSmall = await upload(url, fields, bytes.subarray(0, 15));

    // Assert
    expect(tooLarge.status).toBe(400);
    expect(await tooLarge.text()).toContain('<Code>EntityTooLarge</Code>');
    expect(tooSmall.status).toBe(400);
    expect(await tooSmall.text()).toContain('<Code>EntityTooSmall</Code>');
  });

  it('refuses another Content-Type, an unlisted field, an expired policy and a wrong signature (403)', async () => {
    // Arrange
    const { client } = await openStore();
    const { url, fields } = await presignedPost(client);
    const expired = await presignedPost(client, -60);
    const file = bytes.subarray(0, 16);

    // Act
    const otherType = await upload(url, { ...fields, 'Content-Type': 'text/html' }, file);
    const extraField = await upload(url, { ...fields, 'x-amz-meta-owner': 'someone' }, file);
    const late = await upload(expired.url, expired.fields, file);
    const forged = await upload(url, { ...fields, 'X-Amz-Signature': '0'.repeat(64) }, file);

    // Assert
    const answers = await Promise.all(
      [otherType, extraField, late, forged].map(async (answer) => `${answer.status} ${await answer.text()}`),
    );
    expect(answers[0]).toMatch(
      /^403 .*Policy Condition failed: \["eq", "\$Content-Type", "application\/pdf"\]/s,
    );
    expect(answers[1]).toMatch(/^403 .*Invalid according to Policy: Extra input fields: x-amz-meta-owner/s);
    expect(answers[2]).toMatch(/^403 .*Invalid according to Policy: Policy expired\./s);
    expect(answers[3]).toMatch(/^403 .*<Code>SignatureDoesNotMatch<\/Code>/s);
    expect(await refusal(client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })))).toMatchObject({
      status: 404,
    });
  });
});

describe('CORS, from the bucket’s rules', () => {
  function preflight(endpoint: string, origin: string): Promise<Response> {
    return fetch(`${endpoint}/${bucket}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
  }

  it('allows a preflight from the console’s origin, and no other', async () => {
    // Arrange
    const { endpoint } = await openStore();

    // Act
    const allowed = await preflight(endpoint, consoleOrigin);
    const other = await preflight(endpoint, 'https://elsewhere.example');

    // Assert
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(consoleOrigin);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(allowed.headers.get('access-control-max-age')).toBe('600');
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('<Code>AccessForbidden</Code>');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('marks a GET from the console’s origin as readable there, and one from elsewhere not', async () => {
    // Arrange
    const { client } = await openStore();
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.pdf', Body: bytes }));
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: 'a.pdf' }), {
      expiresIn: 60,
    });

    // Act
    const fromConsole = await fetch(url, { headers: { origin: consoleOrigin } });
    const fromElsewhere = await fetch(url, { headers: { origin: 'https://elsewhere.example' } });

    // Assert
    expect(fromConsole.status).toBe(200);
    expect(fromConsole.headers.get('access-control-allow-origin')).toBe(consoleOrigin);
    expect(fromConsole.headers.get('access-control-expose-headers')).toBe('ETag');
    expect(fromConsole.headers.get('vary')).toContain('Origin');
    expect(fromElsewhere.status).toBe(200);
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });
});
