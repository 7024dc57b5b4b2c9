/**
 * Shrink email HTML without changing what it shows: drop plain comments and line indentation.
 * Outlook conditional comments stay intact, because they carry the table layout that Outlook
 * and old IE render. Their openers (`<!--[if mso | IE]>`, `<!--[if !mso]><!-->`) and closers
 * (`<![endif]-->`, `<!--<![endif]-->`) have `[`, `<` or `>` right after `<!--`, or no `<!--`
 * at all, so the comment pattern skips them.
 * NOTE: assumes no `<pre>` or `white-space: pre` content, whose indentation would matter.
 */
export function compactHtml(html: string): string {
  return html
    .replace(/<!--(?![[<>])[\s\S]*?-->/g, '')
    .replace(/^[ \t]+/gm, '')
    .replace(/\n{2,}/g, '\n');
}
