// Whether the SDK's own download of a server executable can work here, found out within seconds: the download has
// no timeout of its own.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';

/** The host the SDK downloads servers from (sdk-core's ephemeral_server), and how long it may take to answer. */
const DOWNLOAD_HOST = 'temporal.download';
const DOWNLOAD_ANSWER_TIMEOUT_MS = 5_000;

/**
 * Resolves once the SDK's download host answers a connection, directly or through the proxy the SDK would use;
 * rejects with why not, within DOWNLOAD_ANSWER_TIMEOUT_MS. The SDK's download has no timeout of its own: behind a
 * firewall that drops packets it waits minutes for the system's connect timeout, behind a proxy that never answers
 * for ever; and a timeout around it would not end the command, as the abandoned native call keeps the process alive.
 * Any answer will do (even a proxy's refusal): from there, the SDK fails quickly by itself, if at all.
 */
export function downloadHostAnswers(): Promise<void> {
  return new Promise((resolve, reject) => {
    // What the SDK's HTTP client (reqwest) reads, in its order; it takes a proxy without a scheme as http://.
    const { HTTPS_PROXY, https_proxy, ALL_PROXY, all_proxy } = process.env;
    const setting = HTTPS_PROXY || https_proxy || ALL_PROXY || all_proxy;
    const proxy = setting ? new URL(setting.includes('://') ? setting : `http://${setting}`) : undefined;
    const fail = (reason: string) =>
      reject(new Error(`${DOWNLOAD_HOST}${proxy ? ` through the proxy ${proxy.host}` : ''} ${reason}`));
    const noAnswer = `did not answer within ${DOWNLOAD_ANSWER_TIMEOUT_MS / 1000}s`;
    if (!proxy) {
      const socket = connect({ host: DOWNLOAD_HOST, port: 443, timeout: DOWNLOAD_ANSWER_TIMEOUT_MS });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('timeout', () => {
        socket.destroy();
        fail(noAnswer);
      });
      socket.once('error', (error) => fail(`cannot be reached (${error.message})`));
      return;
    }
    const request = (proxy.protocol === 'https:' ? httpsRequest : httpRequest)({
      host: proxy.hostname,
      port: proxy.port || undefined,
      method: 'CONNECT',
      path: `${DOWNLOAD_HOST}:443`,
      timeout: DOWNLOAD_ANSWER_TIMEOUT_MS,
    });
    request.once('connect', (_response, socket) => {
      socket.destroy();
      resolve();
    });
    request.once('timeout', () => {
      fail(noAnswer);
      request.destroy();
    });
    request.once('error', (error) => fail(`cannot be reached (${error.message})`));
    request.end();
  });
}
