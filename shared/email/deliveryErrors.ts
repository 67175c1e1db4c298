/*
 * How an email that was not delivered fails its workflow step. Neither is retried (they are not
 * among the transient errors of `workflows/failureHandling.ts`): each goes to the step's recovery
 * path, where the bureau sees it.
 */

/** The mail server refused the message or a recipient for good (an SMTP 5xx reply). */
export class EmailRefusedError extends Error {
  override readonly name = 'EmailRefusedError';
}

/**
 * The connection broke after the message began, so the server may or may not have taken it. It is
 * not sent again by itself, which could deliver it twice: its send record stays `unconfirmed`.
 */
export class EmailDeliveryUnknownError extends Error {
  override readonly name = 'EmailDeliveryUnknownError';
}
