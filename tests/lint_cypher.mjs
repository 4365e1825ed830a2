// Lint Cypher statements with Neo4j's own parser and semantic analysis, offline.
//
// Used by tests/test_cypher_lint.py. Reads one JSON document on stdin:
//   {"schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...]},
//    "cypherVersion": "CYPHER 5",
//    "statements": [{"name": "merge_nodes", "text": "..."}, ...]}
// and writes one JSON document on stdout:
//   {"version": "<package version>",
//    "results": [{"name": ..., "errors": [{"message", "line", "column"}], "warnings": [...]}]}
// One process lints every statement: starting Node per statement would be slow.
import { readFileSync } from 'node:fs';
import { lintCypherQuery, isNotParamError, testData } from '@neo4j-cypher/language-support';

// package.json is not an exported subpath, so read it from the install beside the repo.
const { version } = JSON.parse(
  readFileSync(new URL('../node_modules/@neo4j-cypher/language-support/package.json', import.meta.url), 'utf8'),
);

const input = JSON.parse(readFileSync(0, 'utf8'));
const cypherVersion = input.cypherVersion ?? 'CYPHER 5';

// Procedures and functions: the package's snapshot of a real server's catalogue
// (dbms.listProcedures / SHOW FUNCTIONS). Giving the linter a catalogue makes it
// check procedure and function names and arities; without one it checks none.
// Our own statements only use built-ins, so this avoids false "unknown procedure"
// errors while still catching a misspelt db.index.fulltext.queryNodes.
const catalogue = testData?.mockSchema ?? {};
const dbSchema = {
  // Each of these is only checked when given (unknown names are warnings, not errors).
  labels: input.schema?.labels,
  relationshipTypes: input.schema?.relationshipTypes,
  propertyKeys: input.schema?.propertyKeys,
  procedures: catalogue.procedures,
  functions: catalogue.functions,
  defaultLanguage: cypherVersion,
};

function position(diagnostic) {
  const start = diagnostic.range?.start ?? { line: 0, character: 0 };
  return { line: start.line + 1, column: start.character + 1 };
}

const results = input.statements.map(({ name, text }) => {
  const { diagnostics } = lintCypherQuery(text, dbSchema);
  const errors = [];
  const warnings = [];
  for (const diagnostic of diagnostics) {
    // Statements take their parameters at run time; "$x is not defined" is expected.
    if (!isNotParamError(diagnostic)) continue;
    const entry = { message: diagnostic.message, ...position(diagnostic) };
    // LSP severities: 1 error, 2 warning, 3 information, 4 hint.
    (diagnostic.severity === 1 ? errors : warnings).push(entry);
  }
  return { name, errors, warnings };
});

process.stdout.write(JSON.stringify({ version, cypherVersion, results }));
