/** One rendered email, ready for a transport. */
export interface OutgoingEmail {
  /** Names the email for good (the send record's key): the transport derives its Message-ID from it. */
  readonly key: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface Delivery {
  /** The transport's id of the message (SES's MessageId; the SMTP Message-ID). */
  readonly messageId: string;
  /** Recipients the server refused while it took the message for the others. */
  readonly refused: readonly string[];
}

/** Hands one email to a mail service; throws what `deliveryErrors.ts` and `TransientError` describe. */
export type Deliver = (email: OutgoingEmail) => Promise<Delivery>;
