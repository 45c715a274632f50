import { simpleDiffArray, simpleDiffString } from 'lib0/diff';
import * as Y from 'yjs';

/**
 * Edits that bring a shared value to a target with the fewest operations. Rewriting a whole Y.Text
 * would move every collaborator's caret to its end and turn a concurrent keystroke into a duplicate;
 * replacing only the changed middle leaves everything else (and everyone's position in it) alone.
 */

/** Makes `text` read `value`, replacing only the differing middle. */
export function setText(text: Y.Text, value: string): void {
  const current = text.toJSON();
  if (current === value) return;
  const { index, remove, insert } = simpleDiffString(current, value);
  if (remove > 0) text.delete(index, remove);
  if (insert !== '') text.insert(index, insert);
}

/** Makes a Y.Array of strings hold `values`, replacing only the differing middle. */
export function setStrings(array: Y.Array<string>, values: readonly string[]): void {
  const current = array.toArray();
  const { index, remove, insert } = simpleDiffArray(current, [...values]);
  if (remove > 0) array.delete(index, remove);
  if (insert.length > 0) array.insert(index, insert);
}

/** Makes a Y.Array of Y.Texts hold `values`, editing the texts in place where they are kept. */
export function setTexts(array: Y.Array<Y.Text>, values: readonly string[]): void {
  const current = array.toArray();
  values.forEach((value, index) => {
    const text = current[index];
    if (text instanceof Y.Text) setText(text, value);
  });
  const kept = Math.min(current.length, values.length);
  // A slot holding something other than a Y.Text (a foreign client's write) is replaced.
  for (let index = kept - 1; index >= 0; index--) {
    if (!(current[index] instanceof Y.Text)) {
      array.delete(index, 1);
      array.insert(index, [new Y.Text(values[index])]);
    }
  }
  if (current.length > values.length) array.delete(values.length, current.length - values.length);
  if (values.length > current.length)
    array.push(values.slice(current.length).map((value) => new Y.Text(value)));
}

/**
 * Sets a plain (JSON) field unless it already holds an equal value: a Y.Map write is an update that
 * every peer stores and that wins over their concurrent change, even when it changes nothing.
 * `undefined` deletes the field.
 */
export function setIfChanged(map: Y.Map<unknown>, field: string, value: unknown): void {
  if (value === undefined) {
    if (map.has(field)) map.delete(field);
    return;
  }
  const current = map.get(field);
  if (current instanceof Y.AbstractType || !jsonEqual(current, value)) map.set(field, value);
}

function jsonEqual(a: unknown, b: unknown): boolean {
  return (
    a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b))
  );
}

/** The Y.Text in `map[field]`, or a new empty one put there (replacing anything else). */
export function ensureText(map: Y.Map<unknown>, field: string): Y.Text {
  const current = map.get(field);
  return current instanceof Y.Text ? current : map.set(field, new Y.Text());
}

/** The rich-text Y.XmlFragment in `map[field]`, or a new empty one put there (replacing anything else). */
export function ensureFragment(map: Y.Map<unknown>, field: string): Y.XmlFragment {
  const current = map.get(field);
  return current instanceof Y.XmlFragment && !(current instanceof Y.XmlElement)
    ? current
    : map.set(field, new Y.XmlFragment());
}

/** The Y.Array in `map[field]`, or a new empty one put there (replacing anything else). */
export function ensureArray<T>(map: Y.Map<unknown>, field: string): Y.Array<T> {
  const current = map.get(field);
  return current instanceof Y.Array ? (current as Y.Array<T>) : map.set(field, new Y.Array<T>());
}

/** The Y.Map in `map[field]`, or a new empty one put there (replacing anything else). */
export function ensureMap<T>(map: Y.Map<unknown>, field: string): Y.Map<T> {
  const current = map.get(field);
  return current instanceof Y.Map ? (current as Y.Map<T>) : map.set(field, new Y.Map<T>());
}
