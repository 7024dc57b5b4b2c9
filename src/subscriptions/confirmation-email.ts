import type Mail from 'nodemailer/lib/mailer';
import type { Config } from '../config/load';
import type { SubscriberRow } from '../domain';
import { compileTemplate } from '../render/render';

/**
 * Build the double opt-in email: templates/confirm.mjml and a plain-text part, both with the
 * confirmation link. The link opens a page with a button, so a mail scanner that follows
 * links does not confirm.
 */
export async function buildConfirmationMessage(config: Pick<Config, 'newsletter'>, subscriber: SubscriberRow, confirmUrl: string, ttlHours: number): Promise<Mail.Options> {
  const title = config.newsletter.title;
  const subject = `Confirm your subscription to ${title}`;
  const { html } = await compileTemplate('confirm', { subject, title, email: subscriber.email, confirmUrl, ttlHours });
  const text = [
    `Someone, probably you, asked to subscribe ${subscriber.email} to ${title}.`,
    '',
    'To confirm, open this link and press the button on the page:',
    confirmUrl,
    '',
    `The link works for ${ttlHours} hours.`,
    'If you did not ask for this, ignore this email: you will not be subscribed and will get nothing more from us.',
    '',
  ].join('\n');

  return {
    from: config.newsletter.from,
    // The bare address: a name typed into the public form is not shown to the recipient,
    // because form spammers put their text in name fields to have it mailed to others.
    to: subscriber.email,
    replyTo: config.newsletter.replyTo,
    subject,
    text,
    html,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
