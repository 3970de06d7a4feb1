// The SDK's internal helpers this CLI relies on, in one place: they are not part of the SDK's public API, so an
// upgrade that moves them breaks this file alone. Walking every payload of a server response (to decode it through
// the codecs, or to inspect it as the server holds it), a history as the JSON `temporal workflow show` writes, and
// the host:port split the SDK itself applies to an address; a duration as the API's protobuf holds it.
export {
  decode,
  visit,
  walkDescribeWorkflowExecutionResponse,
  walkGetWorkflowExecutionHistoryResponse,
  splitProtoHostPort,
} from '@temporalio/common/lib/internal-non-workflow';
export { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
export { msToTs } from '@temporalio/common/lib/time';
