/**
 * A scenario as YAML text: one line per door, dwelling, client and event (flow style), so that a
 * generated estate of thousands of dwellings stays readable and diffable.
 */
import { Document, isMap, isSeq, visit } from 'yaml';
import type { ScenarioInput } from '../scenario/scenario-schema.js';

/** Lists whose items are written one per line. */
const ONE_LINE_ITEMS = new Set(['doors', 'dwellings', 'clients', 'events', 'contractors']);

export function scenarioYaml(scenario: ScenarioInput, header = ''): string {
  const document = new Document(scenario);
  visit(document, {
    Pair(_, pair) {
      const key = (pair.key as { value?: unknown } | null)?.value;
      if (typeof key === 'string' && ONE_LINE_ITEMS.has(key) && isSeq(pair.value)) {
        for (const item of pair.value.items) if (isMap(item)) item.flow = true;
      }
    },
  });
  const text = document.toString({ lineWidth: 0 });
  return header ? `${header.split('\n').map((line) => `# ${line}`.trimEnd()).join('\n')}\n${text}` : text;
}
