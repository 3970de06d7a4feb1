// When a codec server runs, the story names it and the `temporal workflow show` line for a failed order uses it.
import { expect } from 'chai';
import { storyOf } from '../helpers/story';

const failure = {
  type: 'failure.located',
  workflowId: 'order-order-1-1',
  runId: 'run-1',
  address: '127.0.0.1:7233',
  namespace: 'default',
  eventId: 11,
  message: 'Credit card expired',
} as const;

describe('the codec server in the story', () => {
  it('adds --codec-endpoint to the temporal workflow show hint when a codec server runs', () => {
    const withCodec = storyOf([
      {
        type: 'server.ready',
        kind: 'dev-server',
        address: '127.0.0.1:7233',
        namespace: 'default',
        uiUrl: 'http://127.0.0.1:8233',
        codecEndpoint: 'http://127.0.0.1:8888',
      },
      { ...failure, codecEndpoint: 'http://127.0.0.1:8888' },
    ]);
    expect(withCodec).to.include(
      'Codec server for the Web UI and `temporal --codec-endpoint`: http://127.0.0.1:8888',
    );
    expect(withCodec).to.include(
      'temporal workflow show --workflow-id order-order-1-1 --run-id run-1 --address 127.0.0.1:7233 ' +
        '--namespace default --codec-endpoint http://127.0.0.1:8888',
    );
    expect(storyOf([failure])).not.to.include('--codec-endpoint');
  });
});
