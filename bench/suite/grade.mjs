// The suite's grade, computed from the SLA verdicts (documented in README and in every report):
//   criterion points: target 2, minimum 1, fail 0; 'n/a' criteria are left out
//   scenario score  = points / (2 × criteria judged)                       (0…1)
//   category score  = mean of its judged scenarios' scores (peer and plain-JS rows are not judged)
//   overall score   = Σ weight × category score / Σ weight over the categories that ran
//                     (weights: search 3, mcp 2, concurrency 2, memory 1, soak 2; peers 0: a comparison)
//   letter          = A ≥ 0.90, B ≥ 0.80, C ≥ 0.70, D ≥ 0.60, else F; any judged scenario with an
//                     error rate failing the minimum (≥ 0.1 %) caps the letter at D.
import { CRITERIA, judgeScenario } from './sla.mjs';

export const CATEGORY_WEIGHTS = { search: 3, mcp: 2, concurrency: 2, memory: 1, soak: 2, peers: 0 };
export const LETTERS = [['A', 0.9], ['B', 0.8], ['C', 0.7], ['D', 0.6], ['F', 0]];
const POINTS = { target: 2, minimum: 1, fail: 0 };

export const GRADE_FORMULA = [
  'criterion points: target 2, minimum 1, fail 0 (criteria not measured, n/a, are left out)',
  'scenario score = points / (2 × criteria judged)',
  'category score = mean score of its judged scenarios (peers and plain-JS reference rows are not judged)',
  `overall score = Σ weight × category score / Σ weight (weights: ${Object.entries(CATEGORY_WEIGHTS).map(([k, w]) => `${k} ${w}`).join(', ')})`,
  `letter = ${LETTERS.slice(0, -1).map(([l, s]) => `${l} ≥ ${s.toFixed(2)}`).join(', ')}, else F; an error rate failing the minimum (≥ 0.1 %) in any judged scenario caps it at D`,
];

export function scenarioScore(verdicts) {
  const judged = CRITERIA.map((c) => verdicts[c.key].verdict).filter((v) => v !== 'n/a');
  if (judged.length === 0) return undefined;
  return judged.reduce((sum, v) => sum + POINTS[v], 0) / (2 * judged.length);
}

export function letterFor(score) {
  return LETTERS.find(([, floor]) => score >= floor)[0];
}

/**
 * categories: [{ key, scenarios: [{ judged, verdicts? | metrics }] }] → { score, letter, capped,
 * categories: { key: { score, weight, scenarios } } }.
 */
export function grade(categories, sla) {
  const perCategory = {};
  let weighted = 0, weights = 0, errorFailure = false;
  for (const category of categories) {
    const scores = [];
    for (const scenario of category.scenarios) {
      if (!scenario.judged) continue;
      const verdicts = scenario.verdicts ?? judgeScenario(scenario, sla);
      if (verdicts.errorRate.verdict === 'fail') errorFailure = true;
      const score = scenarioScore(verdicts);
      if (score !== undefined) scores.push(score);
    }
    const weight = CATEGORY_WEIGHTS[category.key] ?? 1;
    const score = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : undefined;
    perCategory[category.key] = { score, weight, scenarios: scores.length };
    if (score !== undefined && weight > 0) { weighted += weight * score; weights += weight; }
  }
  if (weights === 0) return { score: undefined, letter: 'n/a', capped: false, categories: perCategory };
  const score = weighted / weights;
  let letter = letterFor(score);
  const capped = errorFailure && 'ABC'.includes(letter);
  if (capped) letter = 'D';
  return { score, letter, capped, categories: perCategory };
}
