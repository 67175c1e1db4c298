import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { localRegion, type TemplateResolver } from '#local/cloudFormation.ts';
import { now } from '#shared/clock.ts';

/** A bucket's CORS rule as CloudFormation writes it (`AWS::S3::Bucket` `CorsConfiguration.CorsRules`). */
export interface CorsRule {
  readonly AllowedMethods: readonly string[];
  readonly AllowedOrigins: readonly string[];
  readonly AllowedHeaders?: readonly string[];
  readonly ExposedHeaders?: readonly string[];
  readonly MaxAge?: number;
}

export interface LocalBucket {
  readonly name: string;
  readonly corsRules: readonly CorsRule[];
}

interface ObjectMetadata {
  readonly key: string;
  readonly contentType: string;
  readonly contentLength: number;
  /** The MD5 of the bytes in hex, quoted: a single-part upload's ETag on S3. */
  readonly etag: string;
  readonly lastModified: string;
  /** What else S3 keeps with an object and sends back: Content-Disposition and the like, `x-amz-meta-*`. */
  readonly headers: Record<string, string>;
  /** The file beside the metadata that holds the bytes. */
  readonly dataFile?: string;
}

interface StoredObject {
  readonly metadata: ObjectMetadata;
  readonly data: Buffer;
}

/** The embedded runtime's only credentials (`runtime.ts`). */
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
/** S3 refuses a header-signed request dated more than 15 minutes from its clock. */
const maxSkewMs = 15 * 60_000;
/** AWS takes 5 GB in one PUT; here a body is held in memory, so it is bounded far lower. */
const maxBodyBytes = 25 * 1024 * 1024;

/** The headers besides Content-Type that S3 keeps with an object, as PutObject and a form upload give them. */
const keptHeaders = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
];

/** The S3 errors this store answers, with their status and S3's usual message. */
const errors = {
  AccessDenied: [403, 'Access Denied'],
  AccessForbidden: [
    403,
    "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
  ],
  AuthorizationHeaderMalformed: [400, 'The authorization header is malformed.'],
  AuthorizationQueryParametersError: [
    400,
    'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
  ],
  BadDigest: [400, 'The Content-MD5 you specified did not match what we received.'],
  BadRequest: [400, 'Insufficient information. Origin request header needed.'],
  EntityTooLarge: [400, 'Your proposed upload exceeds the maximum allowed size'],
  EntityTooSmall: [400, 'Your proposed upload is smaller than the minimum allowed size'],
  IncompleteBody: [
    400,
    'You did not provide the number of bytes specified by the Content-Length HTTP header.',
  ],
  InternalError: [500, 'We encountered an internal error. Please try again.'],
  InvalidAccessKeyId: [403, 'The AWS Access Key Id you provided does not exist in our records.'],
  InvalidArgument: [400, 'Invalid Argument'],
  InvalidPolicyDocument: [400, 'Invalid Policy: Invalid JSON.'],
  InvalidRange: [416, 'The requested range is not satisfiable'],
  InvalidRequest: [400, 'Missing required header for this request: x-amz-content-sha256'],
  InvalidURI: [400, "Couldn't parse the specified URI."],
  KeyTooLongError: [400, 'Your key is too long'],
  MalformedPOSTRequest: [400, 'The body of your POST request is not well-formed multipart/form-data.'],
  MethodNotAllowed: [405, 'The specified method is not allowed against this resource.'],
  NoSuchBucket: [404, 'The specified bucket does not exist.'],
  NoSuchKey: [404, 'The specified key does not exist.'],
  NotImplemented: [501, 'A header or query you provided implies functionality that is not implemented.'],
  PreconditionFailed: [412, 'At least one of the pre-conditions you specified did not hold'],
  RequestTimeTooSkewed: [403, 'The difference between the request time and the current time is too large.'],
  SignatureDoesNotMatch: [
    403,
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  ],
  XAmzContentSHA256Mismatch: [
    400,
    "The provided 'x-amz-content-sha256' header does not match what was computed.",
  ],
} satisfies Record<string, [number, string]>;

/** An answer in S3's error shape: its code, message and the elements S3 adds beside them. */
class S3Error extends Error {
  constructor(
    readonly code: keyof typeof errors,
    message: string = errors[code][1],
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

/**
 * S3 on one machine, for the evidence files: path-style PutObject, GetObject (a range, a presigned
 * URL's overrides), HeadObject and DeleteObject, and browser form uploads under a POST policy; every
 * request's SigV4 signature checked as S3 checks it, and each bucket's CORS rules applied. Served on
 * loopback, so the handlers' unchanged S3Client reaches it through AWS_ENDPOINT_URL_S3.
 */
export class LocalObjectStore {
  private readonly buckets: Map<string, LocalBucket>;
  /** Objects by `bucket/key`, when there is no directory to keep them in. */
  private readonly memory = new Map<string, StoredObject>();
  /** Reads and writes take turns, so none sees an object half replaced. */
  private turn: Promise<unknown> = Promise.resolve();
  private server: Server | undefined;
  private endpoint = '';

  /** `directory`: where objects are kept, a folder a bucket; undefined keeps them in memory. */
  constructor(
    private readonly directory: string | undefined,
    buckets: readonly LocalBucket[],
  ) {
    this.buckets = new Map(buckets.map((bucket) => [bucket.name, bucket]));
  }

  /** Serves the buckets on an ephemeral loopback port; returns the endpoint. */
  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!(error instanceof S3Error)) {
          console.error(JSON.stringify({ level: 'error', url: req.url, error: String(error) }));
        }
        if (res.headersSent) return void res.destroy();
        const { code, message, details } = error instanceof S3Error ? error : new S3Error('InternalError');
        res.writeHead(errors[code][0], { 'content-type': 'application/xml' });
        res.end(xmlDocument('Error', { Code: code, Message: message, ...details, RequestId: randomUUID() }));
      });
    });
    // As the HTTP API's: clients close idle connections first, so none meets one closed under it.
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const [, bucketName = '', ...keySegments] = rawPath.split('/').map(decode);
    const bucket = this.buckets.get(bucketName);
    // The root would list the buckets, which is not served.
    if (!bucket && !bucketName) throw new S3Error('NotImplemented');
    if (!bucket) throw new S3Error('NoSuchBucket', undefined, { BucketName: bucketName });
    const key = keySegments.join('/');
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return preflight(req, res, bucket, key);
    const origin = req.headers.origin;
    const rule = origin && corsRule(bucket.corsRules, origin, method, []);
    if (origin && rule)
      for (const [name, value] of Object.entries(corsHeaders(rule, origin))) res.setHeader(name, value);

    const query = rawQuery
      .split('&')
      .filter((pair) => pair !== '')
      .map((pair) => pair.split(/=(.*)/s))
      .map(([name = '', value = '']): [string, string] => [decode(name), decode(value)]);
    // Anything else asks for another operation (?uploads, ?tagging, a conditional write or copy):
    // refused rather than misread. A browser revalidating (If-None-Match) just gets the object again.
    const served =
      /^(x-id|x-amz-.+|response-(content-(type|language|disposition|encoding)|expires|cache-control))$/i;
    const unserved = method === 'PUT' ? /^(if-.+|x-amz-copy-source-.+)$/ : /^if-(match|unmodified-since)$/;
    if (
      query.some(([name]) => !served.test(name)) ||
      Object.keys(req.headers).some((name) => unserved.test(name))
    ) {
      throw new S3Error('NotImplemented');
    }
    if (method === 'POST' && key === '') return this.postObject(req, res, bucket.name);
    if (key === '') throw new S3Error('NotImplemented');
    if (!['GET', 'HEAD', 'PUT', 'DELETE'].includes(method)) throw new S3Error('MethodNotAllowed');
    const payloadHash = authenticate(req, rawPath, query);
    if (method === 'PUT') return this.putObject(req, res, bucket.name, key, payloadHash);
    if (method !== 'DELETE') return this.getObject(req, res, bucket.name, key, query);
    await this.inTurn(() => this.write(bucket.name, key, undefined));
    res.writeHead(204).end();
  }

  private async putObject(
    req: IncomingMessage,
    res: ServerResponse,
    bucket: string,
    key: string,
    payloadHash: string,
  ): Promise<void> {
    const given = new Map(Object.keys(req.headers).map((name) => [name, headerValue(req, name) ?? '']));
    let data = await readBody(req);
    if (given.has('x-amz-copy-source')) return this.copyObject(res, bucket, key, given);
    if (payloadHash === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') {
      data = decodeAwsChunked(data, given);
      if (Number(given.get('x-amz-decoded-content-length')) !== data.length)
        throw new S3Error('IncompleteBody');
    } else if (payloadHash.startsWith('STREAMING-')) {
      // The SDK v3 never signs chunk by chunk: refused rather than taken unverified.
      throw new S3Error('NotImplemented');
    } else if (payloadHash !== 'UNSIGNED-PAYLOAD' && sha256(data) !== payloadHash) {
      throw new S3Error('XAmzContentSHA256Mismatch');
    }
    const { etag } = await this.store(bucket, key, data, given);
    res.writeHead(200, { etag }).end();
  }

  private async getObject(
    req: IncomingMessage,
    res: ServerResponse,
    bucket: string,
    key: string,
    query: [string, string][],
  ): Promise<void> {
    const stored = await this.inTurn(() => this.read(bucket, key));
    if (!stored) throw new S3Error('NoSuchKey', undefined, { Key: key });
    const { metadata, data } = stored;
    const headers: Record<string, string> = {
      'content-type': metadata.contentType,
      etag: metadata.etag,
      'last-modified': new Date(metadata.lastModified).toUTCString(),
      'accept-ranges': 'bytes',
      ...metadata.headers,
    };
    // A presigned URL's overrides: response-content-disposition and the like.
    for (const [name, value] of query) if (name.startsWith('response-')) headers[name.slice(9)] = value;
    const range = byteRange(headerValue(req, 'range'), data.length);
    const [first, last] = range ?? [0, data.length - 1];
    if (range) headers['content-range'] = `bytes ${first}-${last}/${data.length}`;
    res.writeHead(range ? 206 : 200, { ...headers, 'content-length': String(last - first + 1) });
    res.end(req.method === 'HEAD' ? undefined : data.subarray(first, last + 1));
  }

  /** CopyObject: the source's bytes, with its metadata (COPY, S3's default) or the request's (REPLACE). */
  private async copyObject(res: ServerResponse, bucket: string, key: string, given: Map<string, string>) {
    const [sourceBucket = '', ...sourceKey] = decode(given.get('x-amz-copy-source') ?? '')
      .replace(/^\//, '')
      .split('/');
    const [from, directive = 'COPY'] = [sourceKey.join('/'), given.get('x-amz-metadata-directive')];
    if (from.includes('?')) throw new S3Error('NotImplemented');
    if (!this.buckets.has(sourceBucket))
      throw new S3Error('NoSuchBucket', undefined, { BucketName: sourceBucket });
    if (directive !== 'COPY' && directive !== 'REPLACE')
      throw new S3Error('InvalidArgument', 'Unknown metadata directive.');
    if (directive === 'COPY' && sourceBucket === bucket && from === key) {
      const message =
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.";
      throw new S3Error('InvalidRequest', message);
    }
    const source = await this.inTurn(() => this.read(sourceBucket, from));
    if (!source) throw new S3Error('NoSuchKey', undefined, { Key: from });
    const kept = (name: string) =>
      name === 'content-type' || keptHeaders.includes(name) || name.startsWith('x-amz-meta-');
    const metadata = new Map(
      directive === 'REPLACE'
        ? [...given].filter(([name]) => kept(name))
        : [['content-type', source.metadata.contentType], ...Object.entries(source.metadata.headers)],
    );
    const { etag, lastModified } = await this.store(bucket, key, source.data, metadata);
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(xmlDocument('CopyObjectResult', { LastModified: lastModified, ETag: etag }));
  }

  /** A browser form upload (`createPresignedPost`'s url and fields), under its POST policy. */
  private async postObject(req: IncomingMessage, res: ServerResponse, bucket: string): Promise<void> {
    const contentType = req.headers['content-type'] ?? '';
    if (!/^multipart\/form-data\s*;/i.test(contentType)) {
      const condition = 'Bucket POST must be of the enclosure-type multipart/form-data';
      throw new S3Error('PreconditionFailed', undefined, { Condition: condition });
    }
    const boundary = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
    const parts = boundary && parseMultipart(await readBody(req), boundary[1] ?? boundary[2] ?? '');
    if (!parts) throw new S3Error('MalformedPOSTRequest');
    const fileIndex = parts.findIndex((part) => part.name.toLowerCase() === 'file');
    const file = parts[fileIndex];
    if (!file) {
      const message = 'POST requires exactly one file upload per request.';
      throw new S3Error('InvalidArgument', message, { ArgumentName: 'file', ArgumentValue: 0 });
    }
    // S3 reads the fields before the file only, names in any case, a repeated one's values joined by
    // commas, and `${filename}` in each replaced by the file's name without its path (left as written
    // when the file part names none).
    const filename = file.filename?.split(/[/\\]/).pop();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's variable, as a form writes it
    const variable = '${filename}';
    const fields = new Map<string, string>();
    for (const { name, data } of parts.slice(0, fileIndex)) {
      const value = filename === undefined ? data.toString() : data.toString().replaceAll(variable, filename);
      const seen = fields.get(name.toLowerCase());
      fields.set(name.toLowerCase(), seen === undefined ? value : `${seen},${value}`);
    }
    checkPostPolicy(fields, file.data.length, bucket);
    if (fields.has('success_action_redirect') || fields.has('redirect')) throw new S3Error('NotImplemented');
    const key = fields.get('key') ?? '';
    const { etag } = await this.store(bucket, key, file.data, fields);
    const location = `${this.endpoint}/${bucket}/${encodeURIComponent(key)}`;
    const status = Number(['200', '201'].find((code) => code === fields.get('success_action_status')) ?? 204);
    res.writeHead(status, {
      etag,
      location,
      ...(status === 201 ? { 'content-type': 'application/xml' } : {}),
    });
    const answer = { Location: location, Bucket: bucket, Key: key, ETag: etag };
    res.end(status === 201 ? xmlDocument('PostResponse', answer) : undefined);
  }

  /** Keeps an upload, its digests checked, its type and other headers from the request's headers or form fields. */
  private async store(
    bucket: string,
    key: string,
    data: Buffer,
    given: Map<string, string>,
  ): Promise<ObjectMetadata> {
    if (key === '') throw new S3Error('InvalidArgument', 'User key must have a length greater than 0.');
    if (Buffer.byteLength(key) > 1024) throw new S3Error('KeyTooLongError');
    verifyDigests(data, given);
    // aws-chunked (which the SDK appends) is how the body travelled, not how the object is encoded.
    const encoding = given.get('content-encoding')?.replace(/,?aws-chunked$/, '');
    if (encoding) given.set('content-encoding', encoding);
    else given.delete('content-encoding');
    const metadata: ObjectMetadata = {
      key,
      // S3's type for an object uploaded without one.
      contentType: given.get('content-type') ?? 'binary/octet-stream',
      contentLength: data.length,
      etag: `"${createHash('md5').update(data).digest('hex')}"`,
      // The application's clock, as every other time the embedded runtime records.
      lastModified: now().toISOString(),
      headers: Object.fromEntries(
        [...given].filter(([name]) => keptHeaders.includes(name) || name.startsWith('x-amz-meta-')),
      ),
    };
    await this.inTurn(() => this.write(bucket, key, { metadata, data }));
    return metadata;
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work);
    this.turn = result.catch(() => undefined);
    return result;
  }

  /** An object's files, named by a hash of its key: a key may hold `/`, `..` or more bytes than a name. */
  private files(bucket: string, key: string): { folder: string; metadata: string; name: string } {
    const folder = join(this.directory ?? '', bucket);
    const name = createHash('sha256').update(key).digest('hex');
    return { folder, metadata: join(folder, `${name}.json`), name };
  }

  private async read(bucket: string, key: string): Promise<StoredObject | undefined> {
    if (this.directory === undefined) return this.memory.get(`${bucket}/${key}`);
    const { folder, metadata } = this.files(bucket, key);
    const text = await readFile(metadata, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) return undefined;
    const stored = JSON.parse(text) as ObjectMetadata;
    return { metadata: stored, data: await readFile(join(folder, String(stored.dataFile))) };
  }

  /**
   * Keeps an object, or deletes it: the bytes in a new file, then the metadata naming that file
   * (written beside it and renamed over it), so a crash leaves the old object or the new one, whole.
   */
  private async write(bucket: string, key: string, object: StoredObject | undefined): Promise<void> {
    if (this.directory === undefined) {
      if (object) this.memory.set(`${bucket}/${key}`, object);
      else this.memory.delete(`${bucket}/${key}`);
      return;
    }
    const { folder, metadata, name } = this.files(bucket, key);
    const previous = await this.read(bucket, key);
    if (object) {
      const dataFile = `${name}.${randomUUID()}.data`;
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, dataFile), object.data);
      await writeFile(`${metadata}.tmp`, JSON.stringify({ ...object.metadata, dataFile }));
      await rename(`${metadata}.tmp`, metadata);
    } else {
      await rm(metadata, { force: true });
    }
    if (previous) await rm(join(folder, String(previous.metadata.dataFile)), { force: true });
  }
}

/**
 * The template's buckets and their CORS rules. The stack only ever allows the console's origin (a
 * token until deployed), so every AllowedOrigin names the console: locally each rule allows
 * `consoleOrigin`, the runtime's own origin, where the console is served.
 */
export function localBuckets(resolver: TemplateResolver, consoleOrigin: string): LocalBucket[] {
  return resolver.resourcesOfType('AWS::S3::Bucket').map(([logicalId, resource]) => {
    const cors = resource.Properties?.CorsConfiguration as
      | { CorsRules?: Record<string, unknown>[] }
      | undefined;
    return {
      name: String(resolver.resolve({ Ref: logicalId })),
      corsRules: (cors?.CorsRules ?? []).map((rule) => ({
        ...(resolver.resolve({ ...rule, AllowedOrigins: [] }) as CorsRule),
        AllowedOrigins: [consoleOrigin],
      })),
    };
  });
}

/** What a SigV4 signature covers, as the request states it. */
interface SignedRequest {
  readonly credential: string;
  readonly signedHeaders: string;
  readonly signature: string;
  readonly amzDate: string;
  readonly payloadHash: string;
  readonly query: [string, string][];
}

/** The code and message prefix S3 gives a bad credential, by where it came from. */
const credentialErrors = {
  AuthorizationHeaderMalformed: 'The authorization header is malformed; ',
  AuthorizationQueryParametersError: 'Error parsing the X-Amz-Credential parameter; ',
  InvalidArgument: '',
};

/** Checks a request's SigV4 signature, in its Authorization header or its query; returns the payload hash signed. */
function authenticate(req: IncomingMessage, rawPath: string, query: [string, string][]): string {
  const authorization = req.headers.authorization;
  const param = (name: string) => query.find(([found]) => found === `X-Amz-${name}`)?.[1];
  if (authorization === undefined && param('Credential') === undefined) throw new S3Error('AccessDenied');
  let signed: SignedRequest;
  let code: keyof typeof credentialErrors;
  if (authorization !== undefined) {
    code = 'AuthorizationHeaderMalformed';
    const sigV4 = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=(\S+)$/;
    const [, credential = '', signedHeaders = '', signature = ''] = sigV4.exec(authorization) ?? [];
    if (!authorization.startsWith('AWS4-HMAC-SHA256 ')) {
      const message =
        'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.';
      throw new S3Error('InvalidRequest', message);
    }
    if (!signature) throw new S3Error(code);
    const [amzDate = '', payloadHash] = [
      headerValue(req, 'x-amz-date'),
      headerValue(req, 'x-amz-content-sha256'),
    ];
    if (Number.isNaN(amzTime(amzDate))) {
      throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
    }
    if (payloadHash === undefined) throw new S3Error('InvalidRequest');
    if (Math.abs(Date.now() - amzTime(amzDate)) > maxSkewMs) {
      const times = {
        RequestTime: amzDate,
        ServerTime: new Date().toISOString(),
        MaxAllowedSkewMilliseconds: maxSkewMs,
      };
      throw new S3Error('RequestTimeTooSkewed', undefined, times);
    }
    signed = { credential, signedHeaders, signature, amzDate, payloadHash, query };
  } else {
    code = 'AuthorizationQueryParametersError';
    const names = ['Algorithm', 'Credential', 'Date', 'Expires', 'SignedHeaders', 'Signature'] as const;
    const [algorithm, credential = '', amzDate = '', expires = '', signedHeaders = '', signature = ''] =
      names.map(param);
    if (algorithm !== 'AWS4-HMAC-SHA256' || !signature || !signedHeaders || Number.isNaN(amzTime(amzDate))) {
      throw new S3Error(code);
    }
    if (!/^\d+$/.test(expires) || Number(expires) > 604_800) {
      throw new S3Error(code, 'X-Amz-Expires must be less than a week (in seconds) that is 604800');
    }
    // AWS's clock, the real one: the SDK signs with Date.now(), never the runtime's advanceable clock.
    const expiry = amzTime(amzDate) + Number(expires) * 1000;
    if (Date.now() > expiry) {
      const times = {
        'X-Amz-Expires': expires,
        Expires: new Date(expiry).toISOString(),
        ServerTime: new Date().toISOString(),
      };
      throw new S3Error('AccessDenied', 'Request has expired', times);
    }
    const payloadHash = param('Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
    const unsigned = query.filter(([name]) => name !== 'X-Amz-Signature');
    signed = { credential, signedHeaders, signature, amzDate, payloadHash, query: unsigned };
  }
  verifySignature(req, rawPath, credentialScope(signed.credential, signed.amzDate, code), signed);
  return authorization === undefined ? 'UNSIGNED-PAYLOAD' : signed.payloadHash;
}

/**
 * Recomputes a SigV4 signature over the signed headers as they arrived: like S3, a signed header
 * that a proxy changed on the way (Host, most often) fails the request.
 */
function verifySignature(req: IncomingMessage, rawPath: string, scope: string, signed: SignedRequest): void {
  const names = signed.signedHeaders.split(';');
  const unsigned = Object.keys(req.headers).filter(
    (name) => name.startsWith('x-amz-') && !names.includes(name),
  );
  if (unsigned.length > 0) {
    const message = 'There were headers present in the request which were not signed';
    throw new S3Error('AccessDenied', message, { HeadersNotSigned: unsigned.join(', ') });
  }
  const canonicalRequest = [
    req.method,
    rawPath
      .split('/')
      .map((segment) => awsEncode(decode(segment)))
      .join('/'),
    signed.query
      .map(([name, value]) => `${awsEncode(name)}=${awsEncode(value)}`)
      .sort()
      .join('&'),
    ...names.map((name) => `${name}:${headerValue(req, name) ?? ''}`),
    '',
    signed.signedHeaders,
    signed.payloadHash,
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', signed.amzDate, scope, sha256(canonicalRequest)].join('\n');
  if (!signatureMatches(hmac(signingKey(scope), stringToSign), signed.signature)) {
    throw new S3Error('SignatureDoesNotMatch', undefined, {
      AWSAccessKeyId: credentials.accessKeyId,
      StringToSign: stringToSign,
      SignatureProvided: signed.signature,
      CanonicalRequest: canonicalRequest,
    });
  }
}

/** `<key id>/<yyyymmdd>/<region>/s3/aws4_request`, checked as S3 checks it; returns the scope after the key id. */
function credentialScope(credential: string, amzDate: string, code: keyof typeof credentialErrors): string {
  const [keyId = '', date, region, service, terminal, ...rest] = credential.split('/');
  const malformed = (reason: string, details = {}) =>
    new S3Error(code, `${credentialErrors[code]}${reason}`, details);
  if (service !== 's3' || terminal !== 'aws4_request' || rest.length > 0) {
    throw malformed(
      'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
  }
  if (keyId !== credentials.accessKeyId)
    throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: keyId });
  if (date !== amzDate.slice(0, 8))
    throw malformed('Invalid credential date. Date is not the same as X-Amz-Date.');
  if (region !== localRegion) {
    throw malformed(`the region '${region}' is wrong; expecting '${localRegion}'`, { Region: localRegion });
  }
  return credential.slice(keyId.length + 1);
}

/**
 * Checks a form upload as S3 does: the fields a signed upload needs, the signature (over the policy's
 * base64 text as sent), its expiration, every condition, and that a condition names every field but
 * those S3 exempts.
 */
function checkPostPolicy(fields: Map<string, string>, fileSize: number, bucket: string): void {
  if (
    !['policy', 'x-amz-signature', 'x-amz-credential', 'x-amz-algorithm'].some((name) => fields.has(name))
  ) {
    throw new S3Error('AccessDenied');
  }
  for (const name of [
    'X-Amz-Algorithm',
    'X-Amz-Credential',
    'X-Amz-Date',
    'X-Amz-Signature',
    'Policy',
    'key',
  ]) {
    if (fields.has(name.toLowerCase())) continue;
    const message = `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`;
    throw new S3Error('InvalidArgument', message, { ArgumentName: name, ArgumentValue: '' });
  }
  const field = (name: string) => fields.get(name) ?? '';
  if (field('x-amz-algorithm') !== 'AWS4-HMAC-SHA256') {
    throw new S3Error('InvalidArgument', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  }
  if (Number.isNaN(amzTime(field('x-amz-date')))) {
    throw new S3Error('InvalidArgument', 'X-Amz-Date must be formated via ISO8601 Long format');
  }
  const [scope, policy, signature] = [
    credentialScope(field('x-amz-credential'), field('x-amz-date'), 'InvalidArgument'),
    field('policy'),
    field('x-amz-signature'),
  ];
  if (!signatureMatches(hmac(signingKey(scope), policy), signature)) {
    const given = {
      AWSAccessKeyId: credentials.accessKeyId,
      StringToSign: policy,
      SignatureProvided: signature,
    };
    throw new S3Error('SignatureDoesNotMatch', undefined, given);
  }

  const invalid = (reason: string) => new S3Error('InvalidPolicyDocument', `Invalid Policy: ${reason}`);
  const refused = (reason: string) => new S3Error('AccessDenied', `Invalid according to Policy: ${reason}`);
  let document: { expiration?: unknown; conditions?: unknown } | null;
  try {
    document = JSON.parse(Buffer.from(policy, 'base64').toString('utf8'));
  } catch {
    throw invalid('Invalid JSON.');
  }
  const { expiration, conditions } = document ?? {};
  if (typeof expiration !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(expiration)) {
    throw invalid(
      expiration === undefined ? 'Policy missing expiration.' : `Invalid 'expiration' value: '${expiration}'`,
    );
  }
  if (!Array.isArray(conditions)) {
    throw invalid(
      conditions === undefined ? 'Policy missing conditions.' : "Invalid 'conditions' value: must be a List.",
    );
  }
  // AWS's clock, the real one: the SDK signs with Date.now(), never the runtime's advanceable clock.
  if (Date.now() > Date.parse(expiration)) throw refused('Policy expired.');
  const covered = new Set<string>();
  for (const condition of conditions) {
    const [operator, name, value] = policyCondition(condition, invalid);
    // S3 quotes a failed condition in its array form, a simple one as `eq`.
    const quoted = [operator, name, value].map((item) => JSON.stringify(item)).join(', ');
    const failed = () => refused(`Policy Condition failed: [${quoted}]`);
    if (String(operator).toLowerCase() === 'content-length-range') {
      const [min, max] = [name, value].map((bound) =>
        /^\d+$/.test(String(bound)) ? Number(bound) : Number.NaN,
      );
      if (min === undefined || max === undefined || Number.isNaN(min + max)) throw failed();
      if (fileSize > max)
        throw new S3Error('EntityTooLarge', undefined, { ProposedSize: fileSize, MaxSizeAllowed: max });
      if (fileSize < min)
        throw new S3Error('EntityTooSmall', undefined, { ProposedSize: fileSize, MinSizeAllowed: min });
      continue;
    }
    if (typeof name !== 'string' || typeof value !== 'string' || !name.startsWith('$')) throw failed();
    const fieldName = name.slice(1).toLowerCase();
    covered.add(fieldName);
    // `bucket` is the one posted to (and the form's field, when it sends one too); a Content-Type
    // list passes `starts-with` when each type in it does.
    const actual =
      fieldName === 'bucket' ? [bucket, fields.get('bucket') ?? bucket] : [fields.get(fieldName)];
    const holds = (candidate?: string) =>
      candidate !== undefined &&
      (String(operator).toLowerCase() === 'eq'
        ? candidate === value
        : (fieldName === 'content-type' ? candidate.split(',') : [candidate]).every((type) =>
            type.trim().startsWith(value),
          ));
    if (!actual.every(holds)) throw failed();
  }
  const exempt = (name: string) =>
    ['x-amz-signature', 'file', 'policy'].includes(name) || name.startsWith('x-ignore-');
  const extra = [...fields.keys()].find((name) => !exempt(name) && !covered.has(name));
  if (extra !== undefined) throw refused(`Extra input fields: ${extra}`);
}

/** A POST policy condition as `[operator, name, value]` (or `[operator, min, max]`); `{name: value}` as `eq`. */
function policyCondition(condition: unknown, invalid: (reason: string) => S3Error): unknown[] {
  if (Array.isArray(condition)) {
    const operator = String(condition[0]).toLowerCase();
    if (!['eq', 'starts-with', 'content-length-range'].includes(operator)) {
      throw invalid(`Invalid Condition: unknown operation '${String(condition[0])}'.`);
    }
    if (condition.length !== 3) throw invalid(`Invalid ${operator}: wrong number of arguments.`);
    return condition;
  }
  if (typeof condition !== 'object' || condition === null)
    throw invalid('Invalid condition test: must be a List or Object.');
  const entries = Object.entries(condition);
  const [name, value] = entries[0] ?? [];
  if (entries.length !== 1) {
    throw invalid('Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.');
  }
  if (typeof value !== 'string') throw invalid('Invalid Simple-Condition: value must be a string.');
  return ['eq', `$${name}`, value];
}

/** A CORS preflight, answered from the bucket's rules as S3 answers it; it carries no signature. */
function preflight(req: IncomingMessage, res: ServerResponse, bucket: LocalBucket, key: string): void {
  const origin = req.headers.origin;
  const method = headerValue(req, 'access-control-request-method');
  if (!origin) throw new S3Error('BadRequest');
  if (!method) throw new S3Error('BadRequest', 'Invalid Access-Control-Request-Method: null');
  const requested = (headerValue(req, 'access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const details = { Method: method, ResourceType: key ? 'OBJECT' : 'BUCKET' };
  if (bucket.corsRules.length === 0) {
    throw new S3Error('AccessForbidden', 'CORSResponse: CORS is not enabled for this bucket.', details);
  }
  const rule = corsRule(bucket.corsRules, origin, method, requested);
  if (!rule) throw new S3Error('AccessForbidden', undefined, details);
  const allowHeaders = requested.length > 0 ? { 'access-control-allow-headers': requested.join(', ') } : {};
  res.writeHead(200, { ...corsHeaders(rule, origin), ...allowHeaders }).end();
}

/** The first rule that lets `origin` use `method` with each of `headers` (lowercase), as S3 picks one. */
function corsRule(rules: readonly CorsRule[], origin: string, method: string, headers: string[]) {
  return rules.find(
    ({ AllowedOrigins, AllowedMethods, AllowedHeaders = [] }) =>
      AllowedOrigins.some((pattern) => wildcard(pattern, origin)) &&
      AllowedMethods.includes(method) &&
      headers.every((name) => AllowedHeaders.some((pattern) => wildcard(pattern.toLowerCase(), name))),
  );
}

function corsHeaders(rule: CorsRule, origin: string): Record<string, string> {
  // A rule for any origin (`*`) answers `*`, and then without credentials.
  const anyOrigin = rule.AllowedOrigins.find((pattern) => wildcard(pattern, origin)) === '*';
  const exposed = rule.ExposedHeaders?.join(', ');
  return {
    'access-control-allow-origin': anyOrigin ? '*' : origin,
    'access-control-allow-methods': rule.AllowedMethods.join(', '),
    ...(anyOrigin ? {} : { 'access-control-allow-credentials': 'true' }),
    ...(exposed ? { 'access-control-expose-headers': exposed } : {}),
    ...(rule.MaxAge !== undefined ? { 'access-control-max-age': String(rule.MaxAge) } : {}),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
}

/** S3's origins and headers hold at most one `*`, which stands for any run of characters. */
function wildcard(pattern: string, value: string): boolean {
  const [prefix = '', suffix, ...more] = pattern.split('*');
  if (suffix === undefined || more.length > 0) return pattern === value;
  return value.length >= prefix.length + suffix.length && value.startsWith(prefix) && value.endsWith(suffix);
}

/** One `bytes=` range as [first, last]; undefined for none, or one S3 ignores (then it sends the whole object). */
function byteRange(header: string | undefined, size: number): [number, number] | undefined {
  const [, from, to] = /^bytes=(\d*)-(\d*)$/.exec(header ?? '') ?? [];
  if (!from && !to) return undefined;
  if (from && to && Number(to) < Number(from)) return undefined;
  const range: [number, number] = from
    ? [Number(from), Math.min(to ? Number(to) : size, size - 1)]
    : [Math.max(0, size - Number(to)), size - 1];
  if (range[0] >= size || range[1] < range[0]) {
    throw new S3Error('InvalidRange', undefined, { RangeRequested: String(header), ActualObjectSize: size });
  }
  return range;
}

/** An `aws-chunked` body's bytes (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`); its trailer (the checksum) into `given`. */
function decodeAwsChunked(body: Buffer, given: Map<string, string>): Buffer {
  const chunks: Buffer[] = [];
  let position = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', position);
    const size = lineEnd < 0 ? '' : (body.subarray(position, lineEnd).toString('latin1').split(';')[0] ?? '');
    if (!/^[0-9a-f]+$/i.test(size)) throw new S3Error('IncompleteBody');
    position = lineEnd + 2;
    const end = position + Number.parseInt(size, 16);
    if (end === position) break;
    if (body.subarray(end, end + 2).toString('latin1') !== '\r\n') throw new S3Error('IncompleteBody');
    chunks.push(body.subarray(position, end));
    position = end + 2;
  }
  for (const line of body.subarray(position).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) given.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return Buffer.concat(chunks);
}

/** Checks the Content-MD5 and `x-amz-checksum-*` an upload sent (the SDK sends a CRC32 by default), as S3 does. */
function verifyDigests(data: Buffer, given: Map<string, string>): void {
  const md5 = given.get('content-md5');
  if (md5 !== undefined && md5 !== createHash('md5').update(data).digest('base64'))
    throw new S3Error('BadDigest');
  for (const name of ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256']) {
    const sent = given.get(`x-amz-checksum-${name}`);
    if (sent === undefined) continue;
    // CRC32C and CRC64NVME are never the SDK's default: refused rather than kept unverified.
    if (name === 'crc32c' || name === 'crc64nvme') throw new S3Error('NotImplemented');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(data));
    const computed =
      name === 'crc32' ? crc.toString('base64') : createHash(name).update(data).digest('base64');
    if (sent !== computed) {
      throw new S3Error(
        'BadDigest',
        `The ${name.toUpperCase()} you specified did not match the calculated checksum.`,
      );
    }
  }
}

interface FormPart {
  readonly name: string;
  /** Undefined when the part has no `filename` parameter. */
  readonly filename?: string;
  readonly data: Buffer;
}

/** `multipart/form-data` (RFC 7578), its parts in order; undefined when it is not well formed. */
function parseMultipart(body: Buffer, boundary: string): FormPart[] | undefined {
  const delimiter = `\r\n--${boundary}`;
  const first = body.indexOf(`--${boundary}`);
  if (first < 0) return undefined;
  const parts: FormPart[] = [];
  let position = first + boundary.length + 2;
  while (body.subarray(position, position + 2).toString('latin1') !== '--') {
    const headersStart = body.indexOf('\r\n', position) + 2;
    const headersEnd = body.indexOf('\r\n\r\n', headersStart - 2);
    const end = body.indexOf(delimiter, headersEnd + 2);
    if (headersStart < 2 || headersEnd < 0 || end < 0) return undefined;
    const headers = body.subarray(headersStart, Math.max(headersStart, headersEnd)).toString('utf8');
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? '';
    const parameter = (name: string) => {
      const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(
        disposition,
      );
      return match && (match[1] ?? match[2] ?? '').replace(/\\(.)/g, '$1');
    };
    const [name, filename] = [parameter('name'), parameter('filename')];
    if (name === null) return undefined;
    parts.push({
      name,
      ...(filename !== null ? { filename } : {}),
      data: body.subarray(headersEnd + 4, end),
    });
    position = end + delimiter.length;
  }
  return parts;
}

/** The body, refused as soon as it passes the bound (Node then reads and drops the rest). */
function readBody(req: IncomingMessage): Promise<Buffer> {
  const tooLarge = (size: number) =>
    new S3Error('EntityTooLarge', undefined, { ProposedSize: size, MaxSizeAllowed: maxBodyBytes });
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBodyBytes) return Promise.reject(tooLarge(declared));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
      if (size <= maxBodyBytes) return;
      req.removeAllListeners('data');
      chunks.length = 0;
      reject(tooLarge(size));
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A header's value as SigV4 canonicalizes it: trimmed, inner spaces folded, repeats joined by commas. */
function headerValue(req: IncomingMessage, name: string): string | undefined {
  return req.headersDistinct[name]?.map((value) => value.trim().replace(/\s+/g, ' ')).join(',');
}

/** `20261203T035218Z` in milliseconds; NaN when it is not of that form. */
function amzTime(value: string): number {
  const parts = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(value);
  return parts
    ? Date.parse(`${parts[1]}-${parts[2]}-${parts[3]}T${parts[4]}:${parts[5]}:${parts[6]}Z`)
    : Number.NaN;
}

function signingKey(scope: string): Buffer {
  return scope
    .split('/')
    .reduce<Buffer>((key, part) => hmac(key, part), Buffer.from(`AWS4${credentials.secretAccessKey}`));
}

function signatureMatches(expected: Buffer, provided: string): boolean {
  const hex = expected.toString('hex');
  return hex.length === provided.length && timingSafeEqual(Buffer.from(hex), Buffer.from(provided));
}

function hmac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SigV4's URI encoding: all but A-Z a-z 0-9 - _ . ~ as %XX. */
function awsEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error('InvalidURI');
  }
}

function xmlDocument(root: string, elements: Record<string, string | number>): string {
  const text = (value: string | number) =>
    String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = Object.entries(elements).map(([name, value]) => `<${name}>${text(value)}</${name}>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}>${body.join('')}</${root}>`;
}
