import type Mail from 'nodemailer/lib/mailer';
import type { Config } from '../config/load';
import { headerSafe, listHeaders } from './headers';

/** One subscriber's personalised message, before it becomes nodemailer options. */
export interface NewsletterMessage {
  subject: string;
  html: string;
  text: string;
  messageId: string;
  recipient: { email: string; name: string | null };
  unsubscribeUrl: string;
  /** The unsubscribe token, repeated in the mailto form of List-Unsubscribe. */
  token: string;
}

/**
 * Build the nodemailer options of a newsletter message. The envelope recipient is set
 * explicitly, so only the subscriber's address receives it whatever the display name holds,
 * and every header value built from data passes through headerSafe.
 */
export function buildMailOptions(newsletter: Config['newsletter'], message: NewsletterMessage): Mail.Options {
  const name = headerSafe(message.recipient.name ?? '');
  const from = headerSafe(newsletter.from);

  return {
    from,
    to: name === '' ? message.recipient.email : { name, address: message.recipient.email },
    replyTo: newsletter.replyTo ? headerSafe(newsletter.replyTo) : undefined,
    envelope: { from: envelopeAddress(from), to: [message.recipient.email] },
    subject: headerSafe(message.subject),
    messageId: headerSafe(message.messageId),
    html: message.html,
    text: message.text,
    headers: listHeaders({
      unsubscribeUrl: message.unsubscribeUrl,
      unsubscribeMailto: newsletter.unsubscribeMailto,
      token: message.token,
      listId: newsletter.listId,
      listName: newsletter.title,
    }),
  };
}

/** Check that an address is fit for an envelope: one @, and no spaces, brackets or control characters. */
export function isDeliverableAddress(email: string): boolean {
  return /^[^\s<>@,;"\u0000-\u001f\u007f]+@[^\s<>@,;"\u0000-\u001f\u007f]+$/.test(email);
}

function envelopeAddress(from: string): string {
  const bracketed = /<([^>]+)>/.exec(from);
  return (bracketed ? bracketed[1]! : from).trim();
}
