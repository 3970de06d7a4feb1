// A process this CLI starts gets what it needs to run, and what its caller hands it on purpose; never the parent's
// secrets.
import { expect } from 'chai';
import { childEnvironment } from '../../src/processes/child-environment';

describe('the environment of a child process', () => {
  const parent = {
    PATH: '/usr/bin',
    HOME: '/home/someone',
    LC_ALL: 'C.UTF-8',
    HTTPS_PROXY: 'http://proxy:3128',
    ORDER_DEMO_OWNER: 'tag',
    ORDER_DEMO_ENCRYPTION_KEY: 'the-real-key',
    ORDER_DEMO_CODEC_AUTH: 'a-token',
    TEMPORAL_API_KEY: 'a-cloud-key',
    AWS_SECRET_ACCESS_KEY: 'secret',
    GITHUB_TOKEN: 'token',
  };

  it('passes on where programs are, the locale, proxies and this CLI’s markers; not its keys, tokens or settings', () => {
    expect(childEnvironment({}, parent)).to.deep.equal({
      PATH: '/usr/bin',
      HOME: '/home/someone',
      LC_ALL: 'C.UTF-8',
      HTTPS_PROXY: 'http://proxy:3128',
      ORDER_DEMO_OWNER: 'tag',
    });
  });

  it('adds what the caller hands on on purpose: the server’s settings, the key of an --encrypt run', () => {
    const given = { TEMPORAL_ADDRESS: '127.0.0.1:7233', ORDER_DEMO_ENCRYPTION_KEY: 'the-run-key' };
    expect(childEnvironment(given, parent)).to.include(given);
  });
});
