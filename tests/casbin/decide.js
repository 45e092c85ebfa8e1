// node decide.js <export.txt> <questions.tsv> <answers.txt>
// export.txt: the app's GET /api/v1/exports/acl?format=casbin — the model as "# " comment lines, then the policy.
// questions.tsv: one "subject<TAB>domain<TAB>action" per line. Writes "1" (allow) or "0" (deny) per question.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { newEnforcer } = require('casbin');

async function main() {
  const [exportPath, questionsPath, answersPath] = process.argv.slice(2);
  const lines = fs.readFileSync(exportPath, 'utf8').split('\n');
  const model = lines.filter(l => l.startsWith('# ')).slice(1).map(l => l.slice(2)).join('\n');
  const policy = lines.filter(l => l.length > 0 && !l.startsWith('#')).join('\n') + '\n';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casbin-proof-'));
  fs.writeFileSync(path.join(dir, 'model.conf'), model);
  fs.writeFileSync(path.join(dir, 'policy.csv'), policy);
  const enforcer = await newEnforcer(path.join(dir, 'model.conf'), path.join(dir, 'policy.csv'));
  const questions = fs.readFileSync(questionsPath, 'utf8').split('\n').filter(l => l.length > 0).map(l => l.split('\t'));
  const answers = questions.map(q => enforcer.enforceSync(q[0], q[1], q[2]) ? '1' : '0');
  fs.writeFileSync(answersPath, answers.join('\n') + '\n');
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch(e => { console.error(e && e.stack || e); process.exit(1); });
