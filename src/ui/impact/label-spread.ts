/** A label that wants to sit centred on `center`, `width` wide (both in the same units). */
export interface SpreadLabel {
  readonly center: number;
  readonly width: number;
}

/**
 * Places labels on one line so that no two overlap: each as close to its own centre as the others
 * allow, in the order of their centres, at least `gap` apart and inside `[min, max]`. Labels that would
 * collide are pushed apart as a group centred on their mean centre (so two close cut-offs keep both
 * their pills, side by side over the lines they belong to). Returns each label's left edge, in input order.
 * When the labels together are wider than `[min, max]` they start at `min` and run past `max`.
 */
export function spreadLabels(
  labels: readonly SpreadLabel[],
  bounds: { readonly min: number; readonly max: number; readonly gap: number },
): number[] {
  const order = labels.map((_, index) => index).sort((a, b) => labels[a]!.center - labels[b]!.center);
  interface Group {
    readonly members: number[];
    width: number;
    centerSum: number;
    left: number;
  }
  const place = (group: Group) => {
    const wanted = group.centerSum / group.members.length - group.width / 2;
    group.left = Math.max(bounds.min, Math.min(bounds.max - group.width, wanted));
  };
  const groups: Group[] = [];
  for (const index of order) {
    const label = labels[index]!;
    const group: Group = { members: [index], width: label.width, centerSum: label.center, left: 0 };
    place(group);
    groups.push(group);
    // Merge backwards while the newest group overlaps the one before it.
    for (let last = groups.at(-1)!, before = groups.at(-2); before; before = groups.at(-2)) {
      if (before.left + before.width + bounds.gap <= last.left) break;
      before.members.push(...last.members);
      before.width += bounds.gap + last.width;
      before.centerSum += last.centerSum;
      place(before);
      groups.pop();
      last = before;
    }
  }
  const lefts = new Array<number>(labels.length).fill(bounds.min);
  for (const group of groups) {
    let left = Math.max(bounds.min, group.left);
    for (const index of group.members) {
      lefts[index] = left;
      left += labels[index]!.width + bounds.gap;
    }
  }
  return lefts;
}
