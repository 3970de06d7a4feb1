// A stand-in for Temporal Cloud's front door, for the one thing a local dev server cannot do: refuse credentials.
// It speaks TLS with a self-signed certificate and answers GetSystemInfo with UNAUTHENTICATED unless the request
// carries the expected API key.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { generate } from 'selfsigned';
import { makeTemporaryFolder, removeTemporaryFolder } from './temporary-folder';

const passThrough = (value: Buffer) => value;

export interface FakeCloud {
  address: string;
  /** The certificate to trust (--tls-ca-path), in a temporary folder that stop() removes. */
  caPath: string;
  stop(): Promise<void>;
}

export async function startFakeCloud(acceptedApiKey: string): Promise<FakeCloud> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }]);
  const server = new grpc.Server();
  server.addService(
    {
      GetSystemInfo: {
        path: '/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo',
        requestStream: false,
        responseStream: false,
        requestSerialize: passThrough,
        requestDeserialize: passThrough,
        responseSerialize: passThrough,
        responseDeserialize: passThrough,
      },
    },
    {
      GetSystemInfo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        const authorization = call.metadata.get('authorization')[0];
        if (authorization === `Bearer ${acceptedApiKey}`) callback(null, Buffer.alloc(0));
        else callback({ code: grpc.status.UNAUTHENTICATED, details: 'Request unauthorized.' });
      },
    },
  );
  const credentials = grpc.ServerCredentials.createSsl(null, [
    { private_key: Buffer.from(pems.private), cert_chain: Buffer.from(pems.cert) },
  ]);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  const folder = makeTemporaryFolder('fake-cloud');
  const caPath = path.join(folder, 'ca.pem');
  writeFileSync(caPath, pems.cert);
  return {
    address: `localhost:${port}`,
    caPath,
    stop: async () => {
      try {
        await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      } finally {
        removeTemporaryFolder(folder);
      }
    },
  };
}
