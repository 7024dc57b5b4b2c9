import { z } from 'zod';

/** One feed of the configured list. */
export const feedConfigSchema = z.strictObject({
  url: z.string().min(1),
  title: z.string().optional(),
  tags: z.array(z.string()).default([]),
  /** Fetch the article page and extract its main text when the feed carries only a teaser. */
  fullText: z.boolean().default(false),
});

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time as HH:MM');

/** The config file (config/config.yaml); every key has a default so an empty file is valid. */
export const configFileSchema = z.strictObject({
  newsletter: z
    .strictObject({
      title: z.string().default('AI Daily Summary'),
      field: z.string().default('AI'),
      from: z.string().default('AI Daily Summary <digest@localhost>'),
      replyTo: z.string().optional(),
      /** RFC 2919 list identifier, a dotted name such as `ai-daily.example.com`. */
      listId: z.string().default('ai-daily-summary.localhost'),
      /** Address that receives mailto unsubscribe requests (the List-Unsubscribe mailto form). */
      unsubscribeMailto: z.string().default('unsubscribe@localhost'),
    })
    .prefault({}),
  feeds: z.array(feedConfigSchema).default([]),
  collect: z
    .strictObject({
      concurrency: z.number().int().min(1).default(8),
      perHostConcurrency: z.number().int().min(1).default(2),
      connectTimeoutSeconds: z.number().positive().default(10),
      timeoutSeconds: z.number().positive().default(30),
      maxBytes: z.number().int().positive().default(10 * 1024 * 1024),
      maxRedirects: z.number().int().min(0).max(5).default(5),
      excerptChars: z.number().int().min(80).default(400),
    })
    .prefault({}),
  compose: z
    .strictObject({
      maxItems: z.number().int().min(1).default(60),
      minThemes: z.number().int().min(1).default(2),
      maxThemes: z.number().int().min(1).default(6),
      /** Window for the very first issue, when no earlier issue bounds "new". */
      firstIssueHours: z.number().positive().default(24),
      model: z.string().default('claude-sonnet-4-6'),
      inputTokenBudget: z.number().int().positive().default(12000),
      maxOutputTokens: z.number().int().positive().default(4096),
      deadlineSeconds: z.number().positive().default(120),
      requestTimeoutSeconds: z.number().positive().default(60),
    })
    .prefault({}),
  send: z
    .strictObject({
      smtpUrl: z.string().optional(),
      maxConnections: z.number().int().min(1).default(5),
      maxMessages: z.number().int().min(1).default(100),
      /** Messages per second over all connections. */
      rateLimit: z.number().positive().default(20),
      maxAttempts: z.number().int().min(1).default(5),
      /** Seconds before the first retry of a transient failure; each later retry waits twice as long. */
      retryBaseSeconds: z.number().positive().default(30),
      softBounceLimit: z.number().int().min(1).default(3),
      maxHtmlBytes: z.number().int().positive().default(102000),
      dkim: z
        .strictObject({
          domainName: z.string(),
          keySelector: z.string(),
          privateKeyFile: z.string(),
        })
        .optional(),
    })
    .prefault({}),
  schedule: z
    .strictObject({
      timezone: z.string().default('UTC'),
      collectEveryMinutes: z.number().int().min(1).max(1440).default(30),
      composeAt: clockTime.default('06:30'),
      sendAt: clockTime.default('07:00'),
      approval: z.enum(['auto', 'manual']).default('auto'),
      /** With manual approval: at sendAt an unapproved draft is held, or sent anyway. */
      unapprovedAtDeadline: z.enum(['hold', 'send']).default('hold'),
      catchUp: z.boolean().default(true),
    })
    .prefault({}),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
export type FeedConfig = z.infer<typeof feedConfigSchema>;
