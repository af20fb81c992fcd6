// Bottlenecks and recommendations derived from a run's numbers (no canned verdicts): each finding
// names the scenario and the figures it rests on; each recommendation follows from a finding.
import { CRITERIA, SLA } from './sla.mjs';

const int = (v) => Math.round(v).toLocaleString('en-US');
const ms = (v) => (v >= 1 ? `${v.toFixed(2)} ms` : `${(v * 1000).toFixed(1)} µs`);
const pct = (v) => `${(v * 100).toFixed(1)} %`;
const category = (report, key) => report.categories.find((c) => c.key === key);
const scenario = (cat, id) => cat?.scenarios.find((s) => s.id === id);

const LIMIT_TEXT = (c) => {
  const limit = SLA.minimum[c.key];
  const op = c.better === 'higher' ? '≥' : c.better === 'lower' ? '≤' : '<';
  return c.key === 'errorRate' ? `${op} ${pct(limit)}` : `${op} ${limit} ${c.unit}`;
};
const valueText = (c, v) => (c.key === 'errorRate' ? pct(v) : c.unit === 'ms' ? ms(v) : c.key === 'growthMBPerHour' ? `${v.toFixed(1)} MB/h` : `${int(v)} ${c.unit}`);

function slaFailures(report, add) {
  for (const cat of report.categories) {
    for (const s of cat.scenarios.filter((x) => x.judged)) {
      const failed = CRITERIA.filter((c) => s.verdicts?.[c.key]?.verdict === 'fail');
      if (failed.length === 0) continue;
      const keys = new Set(failed.map((c) => c.key));
      const advice = [];
      if (keys.has('errorRate')) advice.push(`fix its failures first (first error: ${s.firstError ?? 'not recorded'})`);
      if (keys.has('p95Ms') || keys.has('p99Ms')) {
        advice.push(s.concurrency > 1
          ? `its median is ${ms(s.p50Ms)} but ${s.concurrency} calls in flight queue behind each other: bound the calls in flight per connection or spread them over workers`
          : `its median is ${ms(s.p50Ms)}: find the outlier operations (GC ${s.gcShare === undefined ? 'not reported' : pct(s.gcShare)} of the window)`);
      }
      if (keys.has('opsPerSec')) advice.push(`profile where its ${ms(s.meanMs)} per operation goes before adding capacity`);
      if (keys.has('growthMBPerHour')) {
        const g = s.memory.growth;
        const noTrend = g.ci95MBPerHour !== undefined && Math.abs(g.mbPerHour) <= g.ci95MBPerHour;
        advice.push(noTrend
          ? `its RSS slope (${g.mbPerHour.toFixed(1)} ± ${g.ci95MBPerHour.toFixed(1)} MB/h, r² ${g.r2.toFixed(2)}) is within noise of zero over ${g.windowS.toFixed(0)} s: rerun a longer --soak before calling it a leak`
          : `find what it retains (RSS ${g.mbPerHour.toFixed(1)} ± ${g.ci95MBPerHour?.toFixed(1) ?? '?'} MB/h; heap fit ${s.memory.heapGrowth?.mbPerHour?.toFixed(1) ?? '—'} MB/h, WASM fit ${s.memory.wasmGrowth?.mbPerHour?.toFixed(1) ?? '—'} MB/h tell JS from linear memory)`);
      }
      add({
        kind: 'sla', category: cat.key, severity: 3,
        text: `${cat.title} — ${s.name} fails the SLA minimum on ${failed.map((c) => `${c.label} (${valueText(c, s.verdicts[c.key].value)}; minimum ${LIMIT_TEXT(c)})`).join(', ')}.`,
        recommendation: `${s.name}: ${advice.join('; ')}.`,
      });
    }
  }
}

function slowest(report, add) {
  for (const cat of report.categories) {
    const judged = cat.scenarios.filter((s) => s.judged && s.opsPerSec > 0);
    if (judged.length < 2) continue;
    const sorted = [...judged].sort((a, b) => a.opsPerSec - b.opsPerSec);
    const [low, high] = [sorted[0], sorted[sorted.length - 1]];
    add({
      kind: 'slowest', category: cat.key, severity: 1,
      text: `${cat.title}: the slowest judged scenario is ${low.name} at ${int(low.opsPerSec)} ops/s (p95 ${ms(low.p95Ms)}), ${(high.opsPerSec / low.opsPerSec).toFixed(1)}× below ${high.name} (${int(high.opsPerSec)} ops/s).`,
      recommendation: 'Plan capacity on each category\'s slowest judged scenario (listed under bottlenecks), not on its best case.',
    });
  }
}

function tails(report, add) {
  for (const cat of report.categories) {
    const long = cat.scenarios
      .filter((x) => x.judged && x.p50Ms > 0 && x.p99Ms / x.p50Ms >= 5 && x.verdicts?.p99Ms?.verdict !== 'fail')
      .sort((a, b) => b.p99Ms / b.p50Ms - a.p99Ms / a.p50Ms);
    if (long.length === 0) continue;
    const gcHeavy = long.filter((x) => x.gcShare !== undefined && x.gcShare > 0.02);
    const listed = long.slice(0, 3).map((x) => `${x.name} ${(x.p99Ms / x.p50Ms).toFixed(0)}× (${ms(x.p50Ms)} → ${ms(x.p99Ms)})`).join('; ');
    add({
      kind: 'tail', category: cat.key, severity: 2,
      text: `${cat.title}: ${long.length} judged scenario(s) have p99 ≥ 5× p50 — ${listed}${long.length > 3 ? '; …' : ''}${gcHeavy.length ? `; GC took over 2 % of the window in ${gcHeavy.map((x) => `${x.name} (${pct(x.gcShare)})`).join(', ')}` : ''}.`,
      recommendation: gcHeavy.length
        ? `${cat.title}: reduce JS allocation on the paths where GC shows in the window (${gcHeavy.map((x) => x.name).join(', ')}).`
        : 'Long tails without a GC share to explain them come from outlier inputs (long queries, frequent terms) or machine noise: confirm with --repeat 3 before acting on them.',
    });
  }
}

function stdioAdvice(one, many) {
  if (!many) return 'Measure the stdio server with several calls in flight (the mcp category does with 64) before sizing clients.';
  return many.opsPerSec > one.opsPerSec * 1.3
    ? `Clients of the stdio server should keep several calls in flight: 64 reach ${int(many.opsPerSec)} calls/s against ${int(one.opsPerSec)} with one.`
    : `More calls in flight do not raise stdio throughput (${int(one.opsPerSec)} calls/s with one, ${int(many.opsPerSec)} with 64, p50 ${ms(many.p50Ms)}): the server or the pipe handles them one batch at a time — look at how the stdio transport reads, answers and flushes batches.`;
}

function mcpOverhead(report, add) {
  const cat = category(report, 'mcp');
  const floor = scenario(cat, 'engine-floor');
  const inProc = scenario(cat, 'in-process-1');
  const stdio = scenario(cat, 'stdio-1');
  if (!floor || !inProc) return;
  const perCall = 1 / inProc.opsPerSec - 1 / floor.opsPerSec;
  const share = Math.max(0, 1 - inProc.opsPerSec / floor.opsPerSec);
  add({
    kind: 'mcp-protocol', category: 'mcp', severity: share > 0.5 ? 2 : 1,
    text: `MCP: the protocol layer costs ${ms(Math.max(0, perCall) * 1000)} per call in process — ${pct(share)} of a call (engine alone ${int(floor.opsPerSec)}/s, through MCP ${int(inProc.opsPerSec)}/s).`,
    recommendation: share > 0.5
      ? `Most of an in-process MCP call is protocol, not search: JSON encoding of hits and schema checks are where to look.`
      : `The engine dominates an in-process MCP call: protocol work is not the limit.`,
  });
  if (stdio) {
    add({
      kind: 'mcp-stdio', category: 'mcp', severity: 1,
      text: `MCP over stdio runs ${int(stdio.opsPerSec)} calls/s with one in flight — ${(inProc.opsPerSec / stdio.opsPerSec).toFixed(1)}× below in process: the pipe round trip (p50 ${ms(stdio.p50Ms)}) dominates.`,
      recommendation: stdioAdvice(stdio, scenario(cat, 'stdio-64')),
    });
  }
}

function concurrencyScaling(report, add) {
  const cat = category(report, 'concurrency');
  if (!cat || cat.scenarios.length < 2) return;
  if (!cat.extra?.pool) {
    const one = cat.scenarios.find((s) => s.clients === 1);
    const many = [...cat.scenarios].sort((a, b) => b.clients - a.clients)[0];
    add({
      kind: 'single-thread', category: 'concurrency', severity: 2,
      text: `Concurrency: ${many.clients} async clients reach ${int(many.opsPerSec)} ops/s vs ${int(one.opsPerSec)} with one (${(many.opsPerSec / one.opsPerSec).toFixed(2)}×) and p95 grows ${ms(one.p95Ms)} → ${ms(many.p95Ms)}: on one thread, clients only queue.`,
      recommendation: 'Serve concurrent clients from worker threads (the search pool, once in the build) instead of one thread.',
    });
    return;
  }
  const pooled = cat.scenarios.filter((s) => s.workers > 0 && !s.long);
  const byWorkers = new Map();
  for (const s of pooled) byWorkers.set(s.workers, Math.max(byWorkers.get(s.workers) ?? 0, s.opsPerSec));
  const workers = [...byWorkers.keys()].sort((a, b) => a - b);
  if (workers.length === 0) return;
  const first = byWorkers.get(workers[0]);
  const last = byWorkers.get(workers[workers.length - 1]);
  add({
    kind: 'pool-scaling', category: 'concurrency', severity: last / first < 1.3 ? 2 : 1,
    text: `Concurrency: the search pool's best throughput goes ${int(first)} ops/s with ${workers[0]} worker(s) → ${int(last)} with ${workers[workers.length - 1]} (${(last / first).toFixed(2)}×) on ${report.machine.cores} cores.`,
    recommendation: last / first < 1.3
      ? `More workers than cores (${report.machine.cores} here) do not help: size maxWorkers to the cores, and look at per-call messaging cost if one worker is not saturated.`
      : 'Size maxWorkers to the available cores: the pool scales with them.',
  });
  const bestPool = Math.max(...pooled.map((s) => s.opsPerSec));
  const oneThread = cat.scenarios.filter((s) => s.workers === 0 && !s.long);
  if (oneThread.length) {
    const bestThread = Math.max(...oneThread.map((s) => s.opsPerSec));
    const longPool = cat.scenarios.find((s) => s.long && s.workers > 0);
    const longThread = cat.scenarios.find((s) => s.long && s.workers === 0);
    const longText = longPool && longThread ? ` With Cranfield's longer queries the pool runs ${int(longPool.opsPerSec)} vs ${int(longThread.opsPerSec)} ops/s on one thread (${(longPool.opsPerSec / longThread.opsPerSec).toFixed(2)}×).` : '';
    add({
      kind: 'pool-overhead', category: 'concurrency', severity: bestPool < bestThread ? 2 : 1,
      text: `Concurrency: on short queries the pool's best (${int(bestPool)} ops/s) is ${(bestPool / bestThread).toFixed(2)}× one thread answering async clients directly (${int(bestThread)} ops/s).${longText}`,
      recommendation: bestPool < bestThread
        ? `For queries this cheap, handing each one to a worker costs more than the search (${ms(1000 / bestThread)} per query on one thread): batch queries per message, or answer short queries on the calling thread and send only long ones to the pool.`
        : 'The pool outruns one thread here: route concurrent clients through it.',
    });
  }
  const single = cat.scenarios.find((s) => s.clients === 1 && s.workers === workers[0]);
  const wide = cat.scenarios.find((s) => s.clients === 1 && s.workers === workers[workers.length - 1]);
  if (single && wide && wide.p50Ms > single.p50Ms * 1.5) {
    add({ kind: 'pool-latency', category: 'concurrency', severity: 1,
      text: `With one client, more workers raise p50 ${ms(single.p50Ms)} → ${ms(wide.p50Ms)}: dispatch cost, not search.`,
      recommendation: 'Keep minWorkers low for light traffic; scale up only under load.' });
  }
}

function scaleCurve(report, add) {
  const points = category(report, 'search')?.extra?.scale ?? [];
  if (points.length < 2) return;
  const a = points[0], b = points[points.length - 1];
  const exponent = Math.log(b.p50Ms / a.p50Ms) / Math.log(b.docs / a.docs);
  const p95Exponent = Math.log(b.p95Ms / a.p95Ms) / Math.log(b.docs / a.docs);
  // Where p95 would cross the SLA minimum if it kept growing as it did between the two ends.
  const limit = SLA.minimum.p95Ms;
  const docsAtLimit = p95Exponent > 0 ? b.docs * (limit / b.p95Ms) ** (1 / p95Exponent) : Infinity;
  add({
    kind: 'scale', category: 'search', severity: exponent > 0.9 || b.p95Ms > SLA.target.p95Ms ? 2 : 1,
    text: `Scale curve: ${int(a.docs)} → ${int(b.docs)} docs (×${(b.docs / a.docs).toFixed(0)}) moves p50 ${ms(a.p50Ms)} → ${ms(b.p50Ms)} and p95 ${ms(a.p95Ms)} → ${ms(b.p95Ms)}: p50 grows as corpus^${exponent.toFixed(2)}, p95 as corpus^${p95Exponent.toFixed(2)}; build ${int(b.docsPerSec)} docs/s, ${int(b.wasmBytes / b.docs)} WASM bytes/doc at the top.`,
    recommendation: !Number.isFinite(docsAtLimit)
      ? 'p95 did not grow with the corpus over this range: one index scales past the largest size measured.'
      : docsAtLimit <= b.docs
        ? `p95 already exceeds the ${limit} ms minimum at ${int(b.docs)} docs on these queries: shard (createShardedSearch) or prune harder before growing the corpus.`
        : `Extrapolating p95 as corpus^${p95Exponent.toFixed(2)}, one index of such documents reaches the ${limit} ms p95 minimum near ${int(docsAtLimit)} docs on this machine: shard beyond that (an estimate from ${points.length} sizes, not a measurement).`,
  });
}

function allocation(report, add) {
  const cat = category(report, 'memory');
  if (!cat) return;
  const rows = [];
  for (const shape of ['A', 'B', 'C', 'rotating']) {
    const arena = scenario(cat, `${shape}-arena`);
    const plain = scenario(cat, `${shape}-plain`);
    if (arena && plain) rows.push({ shape, ratio: arena.opsPerSec / plain.opsPerSec, arena, plain });
  }
  if (rows.length === 0) return;
  const ratios = rows.map((r) => r.ratio);
  const gc = rows.filter((r) => r.plain.gcMs !== undefined).map((r) => `${r.shape} ${pct(r.plain.gcShare ?? 0)} vs ${pct(r.arena.gcShare ?? 0)}`);
  add({
    kind: 'alloc', category: 'memory', severity: 1,
    text: `Allocation shapes: the arena runs ${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}× plain JS arrays (${rows.map((r) => `${r.shape} ${r.ratio.toFixed(1)}×`).join(', ')})${gc.length ? `; GC share of the window, plain vs arena: ${gc.join(', ')}` : ''}.`,
    recommendation: Math.min(...ratios) > 1
      ? 'Hot paths that build these shapes per operation belong in an Arena reset per operation (or a Pool for fixed-size records) rather than fresh JS arrays.'
      : `For shape(s) ${rows.filter((r) => r.ratio <= 1).map((r) => r.shape).join(', ')} the arena does not beat plain JS here: keep plain arrays there unless memory must be bounded.`,
  });
  const pool = scenario(cat, 'C-pool');
  const arenaC = scenario(cat, 'C-arena');
  if (pool && arenaC) {
    add({ kind: 'pool', category: 'memory', severity: 1,
      text: `Shape C in a Pool (100 allocs + 100 frees per operation) runs ${int(pool.opsPerSec)} ops/s vs ${int(arenaC.opsPerSec)} in an Arena (one allocation, one reset): ${(arenaC.opsPerSec / pool.opsPerSec).toFixed(1)}× in the arena's favour.`,
      recommendation: arenaC.opsPerSec > pool.opsPerSec
        ? 'Use the Pool for records with independent lifetimes; when records die together, an Arena reset is cheaper than freeing them one by one.'
        : 'The Pool keeps up with the Arena even with per-record frees: use it wherever records have independent lifetimes.' });
  }
}

function peers(report, add) {
  const cat = category(report, 'peers');
  if (!cat) return;
  const groups = new Map();
  for (const s of cat.scenarios) { if (!groups.has(s.group)) groups.set(s.group, []); groups.get(s.group).push(s); }
  for (const [group, rows] of groups) {
    const own = rows.find((s) => s.engine === 'synthex');
    const others = rows.filter((s) => s.engine !== 'synthex' && s.opsPerSec > 0);
    if (!own || others.length === 0) continue;
    const best = others.reduce((a, b) => (a.opsPerSec > b.opsPerSec ? a : b));
    const ratio = own.opsPerSec / best.opsPerSec;
    add({
      kind: 'peers', category: 'peers', severity: ratio < 1 ? 3 : 1,
      text: `${group}: synthex ${int(own.opsPerSec)} ops/s (p95 ${ms(own.p95Ms)}) vs the fastest peer ${best.engine} ${int(best.opsPerSec)} ops/s (p95 ${ms(best.p95Ms)}): ${ratio.toFixed(1)}×.`,
      recommendation: ratio < 1
        ? `synthex is behind ${best.engine} on ${group}: profile this workload first.`
        : 'Keep the peer rows where synthex leads in the CI gate (--save-baseline / --compare) so the lead is not lost unnoticed.',
    });
  }
}

function errors(report, add) {
  for (const cat of report.categories) {
    for (const s of cat.scenarios) {
      if (!s.errors || s.verdicts?.errorRate?.verdict === 'fail') continue;
      add({ kind: 'errors', category: cat.key, severity: 2,
        text: `${cat.title} — ${s.name}: ${s.errors} failed operations (${pct(s.errorRate)}); first: ${s.firstError ?? 'not recorded'}.`,
        recommendation: `Investigate the failures in ${s.name} even though they are under the SLA limit.` });
    }
  }
}

/** → { bottlenecks: [{ kind, category, severity, text }], recommendations: [text] }, most severe first. */
export function analyse(report) {
  const findings = [];
  const add = (f) => findings.push(f);
  for (const rule of [slaFailures, errors, tails, slowest, mcpOverhead, concurrencyScaling, scaleCurve, allocation, peers]) rule(report, add);
  findings.sort((a, b) => b.severity - a.severity);
  const recommendations = [...new Set(findings.map((f) => f.recommendation).filter(Boolean))];
  return { bottlenecks: findings.map(({ recommendation, ...f }) => f), recommendations };
}
