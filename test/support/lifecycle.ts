import { expect } from 'vitest';
import { type ApiClient, applicationForm, demandForm } from '#test/support/apiClient.ts';
import { eventually } from '#test/support/eventually.ts';

/** Builds lifecycle records through the HTTP API, as the people involved would. */
export class Lifecycle {
  private people = 0;

  constructor(
    private readonly api: ApiClient,
    private readonly admin: string,
  ) {}

  /**
   * Completes the task once it is open, as its assignee would from the task list: the workflow
   * opens it a moment after the step before. Waits as the bureau, who sees every task, so a
   * caller the task is not for still gets its refusal.
   */
  async complete(token: string, taskId: string, decision: string, reason?: string) {
    await this.api.waitForTask(this.admin, taskId);
    return this.attempt(token, taskId, decision, reason);
  }

  /** Posts a completion at once: for a task already completed, withdrawn or never opened. */
  attempt(token: string, taskId: string, decision: string, reason?: string) {
    return this.api.request('POST', `/tasks/${encodeURIComponent(taskId)}/complete`, {
      token,
      body: { decision, ...(reason ? { reason } : {}) },
    });
  }

  /** An expert who applied, was endorsed and approved: a commissioner in the pool. */
  async poolCommissioner(fields: string[], areas: string[]) {
    this.people += 1;
    const n = this.people;
    const email = `expert${n}@example.edu.cn`;
    const institution = `大学${n}`;
    const officeEmail = `office${n}@example.edu.cn`;
    const token = await this.api.signIn(email, 'commissioner');
    const office = await this.api.signIn(officeEmail, 'institution', institution);
    const submitted = await this.api.request('POST', '/applications', {
      token,
      body: applicationForm({
        name: `专家${n}`,
        email,
        homeInstitution: institution,
        researchOfficeEmail: officeEmail,
        technicalFields: fields,
        serviceAreas: areas,
      }),
    });
    const id = submitted.body.application.id as string;
    expect((await this.complete(office, `endorse-application.${id}`, 'endorse')).status).toBe(200);
    expect((await this.complete(this.admin, `review-application.${id}`, 'approve')).status).toBe(200);
    await this.api.readUntil(token, `/applications/${id}`, (body) => body.application.state === 'approved');
    const sub = submitted.body.application.applicant.sub as string;
    return { email, token, sub, name: `专家${n}`, institution, office, officeEmail };
  }

  /** An enterprise whose demand the bureau verified. */
  async verifiedDemand() {
    this.people += 1;
    const n = this.people;
    const organization = `测试企业${n}有限公司`;
    const contactEmail = `contact${n}@example.com`;
    const token = await this.api.signIn(`boss${n}@example.com`, 'enterprise', organization);
    const posted = await this.api.request('POST', '/demands', {
      token,
      body: demandForm(organization, { contactEmail }),
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const id = posted.body.demand.id as string;
    expect((await this.complete(this.admin, `verify-demand.${id}`, 'verify')).status).toBe(200);
    await this.api.readUntil(token, `/demands/${id}`, (body) => body.demand.state === 'verified');
    return { id, token, organization, contactEmail };
  }

  async propose(demandId: string, commissionerId: string): Promise<string> {
    // The approval is recorded a moment before the commissioner joins the pool.
    const response = await eventually(
      `${commissionerId} in the pool`,
      () =>
        this.api.request('POST', '/dispatches', { token: this.admin, body: { demandId, commissionerId } }),
      (answer) =>
        !(answer.status === 400 && JSON.stringify(answer.body).includes('not a commissioner in the pool')),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.dispatch.id as string;
  }

  /** A commissioner dispatched to an enterprise: both accepted and the notice closed. */
  async dispatched() {
    const commissioner = await this.poolCommissioner(['智能制造'], ['余杭区']);
    const demand = await this.verifiedDemand();
    const dispatchId = await this.propose(demand.id, commissioner.sub);
    expect(
      (await this.complete(commissioner.token, `accept-dispatch-commissioner.${dispatchId}`, 'accept'))
        .status,
    ).toBe(200);
    expect(
      (await this.complete(demand.token, `accept-dispatch-enterprise.${dispatchId}`, 'accept')).status,
    ).toBe(200);
    await this.api.readUntil(
      this.admin,
      `/dispatches/${dispatchId}`,
      (body) => body.dispatch.state === 'in_notice',
    );
    await this.api.advanceClock(6 * 24 * 3600);
    await this.api.readUntil(
      this.admin,
      `/dispatches/${dispatchId}`,
      (body) => body.dispatch.state === 'dispatched',
    );
    return { commissioner, demand, dispatchId };
  }
}
