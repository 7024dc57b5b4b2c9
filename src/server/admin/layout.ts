import { html, SafeHtml } from '../pages/html';

// A constant: <style> content is raw text, so it must not be HTML-escaped.
const STYLE = new SafeHtml(`*{box-sizing:border-box}body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1a1a1a;background:#f6f7f9;line-height:1.45}
header{background:#1f2937;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}header a{color:#fff}
main{padding:1rem;max-width:72rem;margin:0 auto}section.card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:1rem;margin:0 0 1rem;overflow-x:auto}
h1{font-size:1.4rem;margin:.2rem 0 .8rem}h2{font-size:1.15rem;margin:0 0 .6rem}h3{font-size:1rem;margin:.8rem 0 .4rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e5e7eb;vertical-align:top}
.status{display:inline-block;padding:.05rem .45rem;border-radius:4px;background:#e5e7eb;font-size:.85em}
.status-draft{background:#fef3c7}.status-approved{background:#dbeafe}.status-sent{background:#dcfce7}.status-failed{background:#fee2e2}.status-cancelled{background:#e5e7eb;color:#555}
.banner{padding:.6rem .8rem;border-radius:6px;margin:0 0 1rem}.banner-warn{background:#fff7ed;border:1px solid #fdba74}.banner-ok{background:#ecfdf5;border:1px solid #6ee7b7}.banner-error{background:#fef2f2;border:1px solid #fca5a5}
.chips{display:flex;flex-wrap:wrap;gap:.35rem;margin:.3rem 0}.chip{border:1px solid #cbd5e1;border-radius:999px;padding:.1rem .6rem;font-size:.85em;background:#f8fafc;max-width:100%}
.chip .feed{color:#555}.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-start}.actions form{margin:0}
button{font:inherit;padding:.35rem .8rem;border-radius:5px;border:1px solid #94a3b8;background:#fff;cursor:pointer}button.primary{background:#1d4ed8;color:#fff;border-color:#1d4ed8}button.danger{color:#b91c1c;border-color:#fca5a5}
input[type=text],input[type=password],textarea{font:inherit;width:100%;padding:.35rem;border:1px solid #cbd5e1;border-radius:4px}
.frames{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.frame{flex:none}.frame iframe{border:1px solid #cbd5e1;background:#fff;height:640px;display:block}
pre{white-space:pre-wrap;word-break:break-word;background:#f8fafc;border:1px solid #e5e7eb;padding:.6rem;max-height:24rem;overflow:auto;font-size:.85em}
.muted{color:#666}.over{color:#b91c1c;font-weight:600}.headers td{word-break:break-all}`);

/** Wrap an operator page in the shared header and style. Pass `csrfToken` to show the logout button. */
export function adminPage(title: string, body: SafeHtml, options: { csrfToken?: string } = {}): string {
  const logout = options.csrfToken
    ? html`<form method="post" action="/admin/logout" style="margin-left:auto"><input type="hidden" name="_csrf" value="${options.csrfToken}"><button type="submit">Log out</button></form>`
    : null;

  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title><style>${STYLE}</style></head>
<body><header><strong>AI Daily Summary operator</strong><a href="/admin">Issues</a><a href="/archive">Public archive</a>${logout}</header>
<main>${body}</main></body></html>`.value;
}

/** Render a page with one message, for rejected requests and errors. */
export function messagePage(title: string, message: string, link?: { href: string; label: string }): string {
  return adminPage(title, html`<section class="card"><h1>${title}</h1><p>${message}</p>${link ? html`<p><a href="${link.href}">${link.label}</a></p>` : null}</section>`);
}

/** Render the login form, with `error` above it after a failed attempt. */
export function loginPage(csrfToken: string, error?: string): string {
  return adminPage(
    'Operator login',
    html`<section class="card" style="max-width:28rem"><h1>Operator login</h1>
${error ? html`<p class="banner banner-error">${error}</p>` : null}
<form method="post" action="/admin/login">
<input type="hidden" name="_csrf" value="${csrfToken}">
<label for="token">Operator token (OPERATOR_TOKEN)</label>
<p><input type="password" id="token" name="token" autocomplete="current-password" required autofocus></p>
<button class="primary" type="submit">Log in</button>
</form></section>`,
  );
}
