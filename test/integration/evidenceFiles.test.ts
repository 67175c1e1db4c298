import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceFileLimits } from '#shared/limits.ts';
import { ApiClient, applicationForm } from '#test/support/apiClient.ts';
import { Lifecycle } from '#test/support/lifecycle.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/*
 * Evidence files through the HTTP API and the runtime's own S3 (the report's files are driven
 * through the console in test/browser/report.test.ts): an application's CV uploaded with its
 * presigned form, checked by content, listed and downloaded by those who may read the
 * application, and refused to everyone else and for every mistake.
 */

let runtime: RuntimeProcess;
let api: ApiClient;
let admin: string;
let applicant: string;
let office: string;
let otherApplicant: string;
let applicationId: string;

const owner = () => ({ kind: 'application', id: applicationId });
const pdfBytes = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const pngBytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

beforeAll(async () => {
  runtime = await startRuntimeProcess(await freshDataDir());
  api = new ApiClient(runtime.url);
  admin = await api.signIn('admin@kjj.example.gov.cn', 'admin');
  applicant = await api.signIn('files.expert@example.edu.cn', 'commissioner');
  office = await api.signIn('files.office@example.edu.cn', 'institution', '附件测试大学');
  otherApplicant = await api.signIn('other.expert@example.edu.cn', 'commissioner');
  const submitted = await api.request('POST', '/applications', {
    token: applicant,
    body: applicationForm({
      email: 'files.expert@example.edu.cn',
      homeInstitution: '附件测试大学',
      researchOfficeEmail: 'files.office@example.edu.cn',
    }),
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  applicationId = submitted.body.application.id;
});

afterAll(async () => {
  await runtime?.stop();
});

describe("an application's evidence files", () => {
  it('are uploaded straight to storage, accepted by their content, listed, and downloaded byte for byte', async () => {
    // Act
    const cv = await api.uploadFile(applicant, owner(), {
      name: '简历（李伟）.pdf',
      type: 'application/pdf',
      bytes: pdfBytes,
    });

    // Assert
    expect(cv.stored).toBe(204);
    expect(cv.checked?.status, JSON.stringify(cv.checked?.body)).toBe(200);
    expect(cv.checked?.body.file).toMatchObject({
      id: cv.id,
      name: '简历（李伟）.pdf',
      size: pdfBytes.length,
      type: 'application/pdf',
      state: 'accepted',
    });
    const listed = await api.request('GET', `/files?ownerKind=application&ownerId=${applicationId}`, {
      token: office,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.files.map((file: { id: string }) => file.id)).toEqual([cv.id]);
    for (const reader of [applicant, office, admin]) {
      const link = await api.request('GET', `/files/${cv.id}`, { token: reader });
      expect(link.status).toBe(200);
      const downloaded = await fetch(link.body.download.url);
      expect(downloaded.status).toBe(200);
      expect(new Uint8Array(await downloaded.arrayBuffer())).toEqual(pdfBytes);
      expect(downloaded.headers.get('content-type')).toBe('application/pdf');
      expect(downloaded.headers.get('content-disposition')).toBe(
        `attachment; filename*=UTF-8''${encodeURIComponent('简历（李伟）.pdf')}`,
      );
    }
    // Checking it again answers as it was decided.
    expect((await api.request('POST', `/files/${cv.id}/check`, { token: applicant })).status).toBe(200);
  });

  it('are refused to whoever may not read the application', async () => {
    // Arrange
    const cv = await api.uploadFile(applicant, owner(), {
      name: 'cv.png',
      type: 'image/png',
      bytes: pngBytes,
    });

    // Act
    const download = await api.request('GET', `/files/${cv.id}`, { token: otherApplicant });
    const list = await api.request('GET', `/files?ownerKind=application&ownerId=${applicationId}`, {
      token: otherApplicant,
    });
    const upload = await api.request('POST', '/files', {
      token: otherApplicant,
      body: { owner: owner(), name: 'x.pdf', size: 10, type: 'application/pdf' },
    });
    const check = await api.request('POST', `/files/${cv.id}/check`, { token: office });

    // Assert
    expect(download.status).toBe(403);
    expect(download.body).toMatchObject({ code: 'notYours', params: { record: 'application' } });
    expect(list.status).toBe(403);
    expect(upload.status).toBe(403);
    // Only the uploader has a file checked.
    expect(check.status).toBe(403);
    expect(check.body).toMatchObject({ code: 'notYours', params: { record: 'file' } });
  });

  it('are refused when their content is not of their type, and the refused file is gone', async () => {
    // Arrange: a text file named and declared as a PDF.
    const text = new TextEncoder().encode('这不是 PDF 文件，只是改了扩展名。');

    // Act
    const fake = await api.uploadFile(applicant, owner(), {
      name: '推荐信.pdf',
      type: 'application/pdf',
      bytes: text,
    });

    // Assert
    expect(fake.stored).toBe(204);
    expect(fake.checked?.status).toBe(400);
    expect(fake.checked?.body.fields).toEqual([
      expect.objectContaining({ field: 'file', code: 'contentNotOfType', params: { type: 'PDF' } }),
    ]);
    expect((await api.request('GET', `/files/${fake.id}`, { token: applicant })).status).toBe(404);
    const listed = await api.request('GET', `/files?ownerKind=application&ownerId=${applicationId}`, {
      token: applicant,
    });
    expect(listed.body.files.map((file: { id: string }) => file.id)).not.toContain(fake.id);
    expect((await api.request('POST', `/files/${fake.id}/check`, { token: applicant })).status).toBe(400);
  });

  it('go to storage only with the size and type they were declared with', async () => {
    // Act: one byte more than declared, then another type than declared.
    const larger = await api.uploadFile(
      applicant,
      owner(),
      { name: 'a.pdf', type: 'application/pdf', bytes: pdfBytes, size: pdfBytes.length - 1 },
      false,
    );
    const started = await api.request('POST', '/files', {
      token: applicant,
      body: { owner: owner(), name: 'b.pdf', size: pdfBytes.length, type: 'application/pdf' },
    });
    const { url, fields } = started.body.upload;
    const form = new FormData();
    for (const [name, value] of Object.entries(fields as Record<string, string>)) {
      form.append(name, name === 'Content-Type' ? 'image/png' : value);
    }
    form.append('file', new Blob([pdfBytes]), 'b.pdf');
    const retyped = await fetch(url, { method: 'POST', body: form });
    const unchecked = await api.request('POST', `/files/${started.body.file.id}/check`, { token: applicant });

    // Assert
    expect(larger.stored).toBe(400);
    expect(retyped.status).toBe(403);
    expect(unchecked.status).toBe(409);
    expect(unchecked.body.code).toBe('notReadyYet');
  });

  it('are asked for with a clear 400 for each field out of range', async () => {
    // Act
    const answer = await api.request('POST', '/files', {
      token: applicant,
      body: {
        owner: { kind: 'demand', id: applicationId },
        name: '',
        size: evidenceFileLimits.maxBytes + 1,
        type: 'application/zip',
      },
    });
    const noRecord = await api.request('POST', '/files', {
      token: applicant,
      body: {
        owner: { kind: 'application', id: 'no-such' },
        name: 'a.pdf',
        size: 1,
        type: 'application/pdf',
      },
    });
    const noOwner = await api.request('GET', '/files?ownerKind=demand', { token: applicant });

    // Assert
    expect(answer.status).toBe(400);
    expect(
      answer.body.fields.map((field: { field: string; code: string }) => `${field.field} ${field.code}`),
    ).toEqual(['owner.kind notOneOf', 'name empty', 'size tooLarge', 'type notOneOf']);
    expect(noRecord.status).toBe(404);
    expect(noRecord.body).toMatchObject({ code: 'noSuchRecord', params: { record: 'application' } });
    expect(noOwner.status).toBe(400);
    expect(noOwner.body.fields.map((field: { field: string }) => field.field)).toEqual([
      'ownerKind',
      'ownerId',
    ]);
  });

  it('stop being added once the application is decided, and stay readable', async () => {
    // Arrange
    const lifecycle = new Lifecycle(api, admin);
    expect((await lifecycle.complete(office, `endorse-application.${applicationId}`, 'endorse')).status).toBe(
      200,
    );
    expect((await lifecycle.complete(admin, `review-application.${applicationId}`, 'approve')).status).toBe(
      200,
    );
    await api.readUntil(
      applicant,
      `/applications/${applicationId}`,
      (body) => body.application.state === 'approved',
    );

    // Act
    const late = await api.request('POST', '/files', {
      token: applicant,
      body: { owner: owner(), name: 'late.pdf', size: 10, type: 'application/pdf' },
    });
    const listed = await api.request('GET', `/files?ownerKind=application&ownerId=${applicationId}`, {
      token: applicant,
    });

    // Assert
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'notInThisState', params: { state: 'approved' } });
    expect(listed.body.files).toHaveLength(2);
  });
});
