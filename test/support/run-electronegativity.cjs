// Runs Electronegativity (https://github.com/doyensec/electronegativity) on the
// folder in argv[2] and prints its findings as JSON. A child process, because
// the scanner always tries to download translations first: this script refuses
// every outbound connection so the test never leaves the machine (the scanner
// then falls back to its bundled English texts).
const net = require('node:net');

net.Socket.prototype.connect = function refuseConnection() {
  throw new Error('no network in tests');
};

const run = require('@doyensec/electronegativity');
const [input, electronVersion, excluded] = process.argv.slice(2);
run({ input, electronVersionOverride: electronVersion, isRelative: true, excludeFromScan: excluded ? excluded.split(',') : [] })
  .then((result) => process.stdout.write(`\n${JSON.stringify(result)}\n`))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
