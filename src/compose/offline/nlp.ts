import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

let instance: WinkMethods | null = null;

/** The wink-nlp English pipeline, loaded once (about 0.1 s) on first use. */
export function getNlp(): WinkMethods {
  instance ??= winkNLP(model);
  return instance;
}
