/** The stopwords-iso package ships a JSON object of stop-word lists keyed by ISO 639-1 code, without types. */
declare module 'stopwords-iso' {
  const lists: Record<string, string[]>;
  export = lists;
}
