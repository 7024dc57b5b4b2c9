import { composeIssue } from '../../src/compose/compose';
import { composeOffline } from '../../src/compose/offline/compose-offline';
import { isForeignFunctionWord } from '../../src/compose/offline/stopwords';
import type { ItemRow } from '../../src/domain';
import { getIssue } from '../../src/store/issues';
import { createTestContext, type TestContext } from '../helpers/context';
import { insertFeed, insertItem, TOPICAL_ITEMS, type ItemFixture } from './fixtures';

const OPTIONS = { minThemes: 2, maxThemes: 6, field: 'AI' };
const NOW = new Date('2026-12-04T06:30:00.000Z');

/** Function words that titled themes before per-language stop words, and a few of their kind. */
const FUNCTION_WORDS = ['für', 'von', 'und', 'der', 'die', 'das', 'im', 'mit', 'em', 'de', 'do', 'da', 'os', 'com', 'para', 'no', 'na', 'el', 'la', 'les', 'des', 'une'];

/** German and Portuguese tech news of the kind a mixed feed list brings, written for this test. */
const FOREIGN_ITEMS: ItemFixture[] = [
  { title: 'Neues Smartphone für 299 Euro im Test', text: 'Das neue Smartphone kostet 299 Euro und bietet einen großen Akku. Im Test überzeugte die Kamera bei Tageslicht, nachts rauschen die Bilder stark. Für den Preis ist die Ausstattung gut.' },
  { title: 'Spielkonsole im 4K-Test: Spaß für Fernseher', text: 'Die Spielkonsole liefert Spiele in 4K an moderne Fernseher. Im Test liefen die meisten Spiele flüssig und leise. Für ältere Fernseher bringt die Konsole dagegen wenig.' },
  { title: 'Nachrichten-Abo für Tablets geplant', text: 'Der Hersteller plant ein Abo für Nachrichten auf Tablets und Telefonen. Die Zeitungen sollen einen Teil der Einnahmen erhalten. Von dem Angebot erhofft sich der Konzern neue Kunden.' },
  { title: 'Bilder der Woche: Von Porträt bis Landschaft', text: 'Die Bilder der Woche zeigen Porträts und Landschaften von Lesern. Von den Einsendungen wählte die Redaktion die besten aus. Die Galerie wird jede Woche mit neuen Bildern ergänzt.' },
  { title: 'Eleição: candidatos debatem em São Paulo', text: 'Os candidatos debateram em São Paulo sobre economia e segurança. O debate durou duas horas e teve audiência recorde. Em seguida, os eleitores comentaram as propostas nas redes sociais.' },
  { title: 'Mil testes completos em laboratório de Campinas', text: 'O laboratório de Campinas concluiu mil testes completos em uma semana. Os resultados serão publicados em novembro, segundo os pesquisadores. Em caso de sucesso, o método será usado em outros estados.' },
  { title: 'Candidatos e eleitores em debate na televisão', text: 'Os candidatos participaram de um debate na televisão com perguntas dos eleitores. Em vários momentos, o debate ficou tenso entre os candidatos. Os eleitores podem votar em outubro nas escolas.' },
];

let context: TestContext;

beforeEach(() => {
  context = createTestContext();
});

afterEach(() => context.cleanup());

function storeItems(fixtures: ItemFixture[], feedUrl?: string): ItemRow[] {
  const feedId = insertFeed(context.db, feedUrl);
  const ids = fixtures.map((fixture) => insertItem(context.db, feedId, fixture));
  return ids.map((id) => context.db.prepare('SELECT * FROM items WHERE id = ?').get(id) as ItemRow);
}

function titleWords(title: string): string[] {
  return title.toLowerCase().split(/[^\p{L}]+/u).filter((word) => word !== '' && word !== 'and');
}

describe('theme titles', () => {
  test('no function word of any language', () => {
    const items = storeItems([...FOREIGN_ITEMS, ...TOPICAL_ITEMS]);

    const titles = composeOffline(items, OPTIONS).themes.map((theme) => theme.title);

    expect(titles.length).toBeGreaterThanOrEqual(2);
    for (const title of titles) {
      const words = titleWords(title);
      expect(words.length).toBeGreaterThan(0);
      for (const word of FUNCTION_WORDS) expect(words).not.toContain(word);
      expect(words.every((word) => isForeignFunctionWord(word))).toBe(false);
    }
  });

  test('foreign-only issue has no function-word subject', async () => {
    storeItems(FOREIGN_ITEMS);

    const { issueId } = await composeIssue(context, { now: NOW });

    const subject = getIssue(context.db, issueId)!.subject;
    const themes = subject.split(': ').slice(1).join(': ');
    expect(themes).not.toBe('');
    for (const word of FUNCTION_WORDS) expect(titleWords(themes)).not.toContain(word);
  });

  test('English items keep their key phrases', () => {
    const items = storeItems([...FOREIGN_ITEMS, ...TOPICAL_ITEMS]);

    const titles = composeOffline(items, OPTIONS).themes.map((theme) => theme.title.toLowerCase());

    expect(titles.some((title) => title.includes('agent'))).toBe(true);
    expect(titles.some((title) => title.includes('chip') || title.includes('open-weight') || title.includes('model'))).toBe(true);
  });
});

describe('oversized items', () => {
  // Distinct words, so no cache or deduplication hides the cost of a long title.
  const HUGE_TITLE = Array.from({ length: 110_000 }, (_unused, index) => `Agent${index.toString(36)}`).join(' ');
  const HUGE_TEXT = Array.from({ length: 3_500 }, (_unused, index) => `Coding agents read failing test ${index} before they edit the code.`).join(' ');

  test('1 MB title and 200 KB text compose fast', () => {
    // Load the NLP model first, so the timing covers only the items.
    composeOffline(storeItems([{ ...TOPICAL_ITEMS[0]!, link: 'https://example.com/warm-up' }], 'https://feeds.example.com/warm-up.xml'), OPTIONS);
    const items = storeItems([...TOPICAL_ITEMS, { title: HUGE_TITLE, text: HUGE_TEXT, summary: HUGE_TEXT }]);
    expect(items.at(-1)!.title.length).toBeGreaterThan(1_000_000);
    expect(items.at(-1)!.text.length).toBeGreaterThan(200_000);

    const started = performance.now();
    const digest = composeOffline(items, OPTIONS);
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(2_000);
    expect(digest.itemIds).toHaveLength(items.length);
    for (const theme of digest.themes) expect(theme.title.length).toBeLessThanOrEqual(80);
  });

  test('oversized item passes validation', async () => {
    storeItems([...TOPICAL_ITEMS, { title: HUGE_TITLE, text: HUGE_TEXT, summary: HUGE_TEXT }]);

    const result = await composeIssue(context, { now: NOW });

    expect(result.itemCount).toBe(TOPICAL_ITEMS.length + 1);
    expect(getIssue(context.db, result.issueId)!.subject.length).toBeLessThanOrEqual(140);
  });
});

describe('theme title case', () => {
  test('keeps mixed-case names as written', () => {
    const items = storeItems([
      { title: 'iPhone XR review: battery lasts two days', text: 'The iPhone XR battery lasted two days in our review. The screen is sharp and bright enough outdoors. The camera struggles in low light compared with the larger model.' },
      { title: 'iPhone XR sales beat forecasts', text: 'Sales of the iPhone XR beat analyst forecasts in the quarter. The cheaper model sold best in Asia and Europe. Analysts expect demand to stay high through the holidays.' },
    ]);

    const titles = composeOffline(items, OPTIONS).themes.map((theme) => theme.title);

    expect(titles.some((title) => title.includes('iPhone'))).toBe(true);
    expect(titles.some((title) => title.includes('IPhone'))).toBe(false);
  });
});
