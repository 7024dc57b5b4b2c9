/** Scripted model replies for the Claude composer tests, built on the ids of stored items. */

/** Build a digest that cites only the given ids, as the forced tool's input. */
export function goodToolInput(ids: number[]): Record<string, unknown> {
  const [a, b, c, d, e, f, g] = ids;
  return {
    themes: [
      {
        title: 'Coding and browser agents',
        summary: [
          { text: 'Agents now run tests before proposing patches and book trips across websites.', itemIds: [a, b] },
          { text: 'A new benchmark finds that agents lose track of long tasks.', itemIds: [c] },
        ],
        keyItems: [
          { itemId: a, sentence: 'The coding agent reruns failing tests until they pass.' },
          { itemId: c, sentence: 'Memory and planning modules close part of the gap.' },
        ],
      },
      {
        title: 'Open-weight models',
        summary: [{ text: 'Two open-weight models were released, one small enough for laptops.', itemIds: [d, e] }],
        keyItems: [{ itemId: d, sentence: 'A 70-billion-parameter model ships under the Apache license.' }],
      },
      {
        title: 'Inference chips',
        summary: [{ text: 'New inference chips cut the energy per token and reach cloud providers.', itemIds: [f, g] }],
        keyItems: [{ itemId: f, sentence: 'The chips cut energy per token by forty percent.' }],
      },
    ],
    conclusion: [{ text: 'Agents, open models and cheaper inference shaped the day.', itemIds: [a, d, f] }],
    topItemIds: [a, d, f],
  };
}

/** Build the good digest with two ids replaced by ids that no stored item has. */
export function unknownIdsInput(ids: number[]): Record<string, unknown> {
  const input = goodToolInput(ids) as { themes: { summary: { itemIds: number[] }[]; keyItems: { itemId: number }[] }[]; topItemIds: number[] };
  input.themes[0]!.summary[0]!.itemIds = [ids[0]!, 9001];
  input.themes[1]!.keyItems[0]!.itemId = 9002;
  return input as unknown as Record<string, unknown>;
}

/** Build the good digest with URLs and a markdown link written into its text. */
export function inventedUrlsInput(ids: number[]): Record<string, unknown> {
  const input = goodToolInput(ids) as { themes: { title: string; summary: { text: string }[]; keyItems: { sentence: string }[] }[] };
  input.themes[0]!.summary[0]!.text = 'Agents now run tests first, see https://invented.example.com/agents-news for more.';
  input.themes[1]!.keyItems[0]!.sentence = 'Read [the model card](https://invented.example.org/card) today.';
  input.themes[2]!.title = 'Inference chips www.chips-invented.com';
  return input as unknown as Record<string, unknown>;
}
