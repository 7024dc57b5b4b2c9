import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import { AppError, errorMessage } from '../errors';
import { compactHtml } from './compact-html';
import { escapeHtml } from './placeholders';

/** Folder of the MJML templates; partials live in its `partials/` subfolder. */
export const TEMPLATES_DIR = path.resolve(__dirname, '../../templates');

const handlebars = Handlebars.create();

/**
 * `{{url value}}` escapes a URL for an attribute with only the five HTML escapes, so hrefs read
 * `?a=1&amp;b=2` where the default escape would also write `=` as `&#x3D;`. A `%%=` sequence is
 * still written as `%%&#x3D;`, so no URL from a feed can form a per-subscriber marker.
 */
handlebars.registerHelper('url', (value: unknown) => {
  const text = typeof value === 'string' ? value : '';
  return new handlebars.SafeString(escapeHtml(text).replaceAll('%%=', '%%&#x3D;'));
});
const compiledTemplates = new Map<string, Handlebars.TemplateDelegate>();
let partialsRegistered = false;

/**
 * Compile `templates/<name>.mjml`: Handlebars fills in `data` (escaping every `{{value}}` once),
 * then MJML turns the result into email HTML, and comments and indentation are stripped.
 * Throws RENDER_FAILED when the template is missing or invalid.
 */
export async function compileTemplate(name: string, data: object): Promise<{ html: string }> {
  const template = loadTemplate(name);

  let source: string;
  try {
    source = template(data);
  } catch (error) {
    throw new AppError('RENDER_FAILED', `template ${name}.mjml failed to fill in: ${errorMessage(error)}; fix the template or the data passed to it`, { template: name }, { cause: error });
  }

  return { html: await mjmlToHtml(source, `${name}.mjml`) };
}

/** Turn MJML markup into compacted email HTML; `label` names the source in errors. */
export async function mjmlToHtml(source: string, label = 'MJML input'): Promise<string> {
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    result = await mjml2html(source, { validationLevel: 'strict', keepComments: false });
  } catch (error) {
    throw new AppError('RENDER_FAILED', `${label} is not valid MJML: ${errorMessage(error)}; fix the template`, { template: label }, { cause: error });
  }
  return compactHtml(result.html);
}

function loadTemplate(name: string): Handlebars.TemplateDelegate {
  if (!/^[a-z0-9-]+$/.test(name)) {
    throw new AppError('RENDER_FAILED', `template name "${name}" is invalid; use the file name of templates/*.mjml without the extension`);
  }

  registerPartials();
  const cached = compiledTemplates.get(name);
  if (cached) return cached;

  const file = path.join(TEMPLATES_DIR, `${name}.mjml`);
  if (!fs.existsSync(file)) {
    throw new AppError('RENDER_FAILED', `template ${file} not found; add it or fix the template name`, { template: name });
  }
  const template = handlebars.compile(fs.readFileSync(file, 'utf8'));
  compiledTemplates.set(name, template);
  return template;
}

/** Register every `templates/partials/<name>.mjml` as the partial `<name>`, once per process. */
function registerPartials(): void {
  if (partialsRegistered) return;

  const folder = path.join(TEMPLATES_DIR, 'partials');
  const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((file) => file.endsWith('.mjml')) : [];
  for (const file of files) {
    handlebars.registerPartial(path.basename(file, '.mjml'), fs.readFileSync(path.join(folder, file), 'utf8'));
  }
  partialsRegistered = true;
}
