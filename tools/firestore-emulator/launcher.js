// Starts the Firestore emulator (@firestore-emulator/server) for agentfn's integration tests.
//
//   node launcher.js [GRPC_PORT]
//
// Serves the Firestore gRPC API on 127.0.0.1:GRPC_PORT (0 or absent: any free port) and a tiny
// control API on another free loopback port: POST /reset clears every document. When both are up
// it prints one line `READY grpc=<port> http=<port>` on stdout. It exits when its stdin closes, so
// it never outlives the test JVM that started it.
'use strict';

const http = require('node:http');
const grpc = require('@grpc/grpc-js');
const { FirestoreServer } = require('@firestore-emulator/server');

const requestedPort = Number.parseInt(process.argv[2] ?? '0', 10);
const emulator = new FirestoreServer();

// FirestoreServer.start(port) binds every interface; tests need loopback only, so bind its gRPC
// server (the same object start() uses) to 127.0.0.1 directly.
function startGrpc(port) {
  return new Promise((resolve, reject) => {
    emulator.server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(),
      (err, boundPort) => (err ? reject(err) : resolve(boundPort)));
  });
}

function startControl() {
  const control = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/reset') {
      emulator.state.clear();
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    control.once('error', reject);
    control.listen(0, '127.0.0.1', () => resolve(control.address().port));
  });
}

async function main() {
  const grpcPort = await startGrpc(Number.isNaN(requestedPort) ? 0 : requestedPort);
  const httpPort = await startControl();
  process.stdout.write(`READY grpc=${grpcPort} http=${httpPort}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

main().catch((err) => {
  process.stderr.write(`firestore emulator failed to start: ${err.stack ?? err}\n`);
  process.exit(1);
});
