import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

let instance: WinkMethods | null = null;

/** Return the wink-nlp English pipeline, loaded once on first use (an estimated 0.1 s here). */
export function getNlp(): WinkMethods {
  instance ??= winkNLP(model);
  return instance;
}
