// node-casbin peer of the AccessControl benchmark.
//   node peer.js <model.conf> <policy.csv> <questions.tsv> <answers.out> [budgetMs]
// questions.tsv: one "subject<TAB>domain<TAB>action" per line (see CasbinPolicy.cs for the encoding).
// Loads the policy, warms up on the first questions, then answers them in order until all are answered or the
// budget is spent, timing each enforceSync call. Writes one answer per line ("1" allow, "0" deny) to answers.out
// and prints one JSON line: {"loadMs", "answered", "totalMs", "latenciesUs": [...]}.
'use strict';
const fs = require('fs');
const { newEnforcer } = require('casbin');

async function main() {
  const [modelPath, policyPath, questionsPath, answersPath, budgetArg] = process.argv.slice(2);
  const budgetMs = Number(budgetArg || 10000);
  const t0 = process.hrtime.bigint();
  const enforcer = await newEnforcer(modelPath, policyPath);
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;

  const questions = fs.readFileSync(questionsPath, 'utf8').split('\n').filter(l => l.length > 0).map(l => l.split('\t'));
  for (const q of questions.slice(0, Math.min(20, questions.length))) enforcer.enforceSync(q[0], q[1], q[2]);

  const answers = [];
  const latenciesUs = [];
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(budgetMs * 1e6));
  for (const q of questions) {
    const a = process.hrtime.bigint();
    const allowed = enforcer.enforceSync(q[0], q[1], q[2]);
    const b = process.hrtime.bigint();
    answers.push(allowed ? '1' : '0');
    latenciesUs.push(Number(b - a) / 1000);
    if (b > deadline) break;
  }
  const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
  fs.writeFileSync(answersPath, answers.join('\n') + '\n');
  process.stdout.write(JSON.stringify({ loadMs, answered: answers.length, totalMs, latenciesUs }) + '\n');
}

main().catch(e => { console.error(e && e.stack || e); process.exit(1); });
