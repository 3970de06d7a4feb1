// `order-demo codec-server` once it listens, as a person reads it: where, with which keys, for which Web UIs, and
// how to point the Web UI and the `temporal` CLI at it; a warning when anyone who reaches it may decrypt.

/** The keys it decrypts with: `generated` when none was given and it made one; `variable` the one to give. */
export interface CodecKeys {
  ids: readonly string[];
  source: string;
  generated: boolean;
  variable: string;
}

export function codecServerReport(
  server: { url: string; origins: readonly string[] },
  keys: CodecKeys,
  requiresToken: boolean,
): { lines: string[]; warning?: string } {
  const lines = [
    `Codec server is running at ${server.url}. Stop it with Ctrl+C.`,
    `  keys:    ${keys.ids.join(', ')} (from ${keys.source})`,
    `  origins: ${server.origins.join(', ')}`,
  ];
  if (requiresToken) lines.push('  callers must send "Authorization: Bearer <token>"');
  if (keys.generated) {
    lines.push(
      '',
      'No key was given, so this key is new: it decrypts nothing that another process encrypted. Give every ' +
        'process the same key, e.g. in each terminal:',
      `  export ${keys.variable}="<the output of: openssl rand -base64 32>"`,
      'or the same --encryption-key-file to each command.',
    );
  }
  lines.push(
    '',
    'Point them at it:',
    `  Web UI:       temporal server start-dev --ui-codec-endpoint ${server.url}`,
    "                (or the Web UI's codec server settings)",
    `  temporal CLI: temporal workflow show --workflow-id <id> --codec-endpoint ${server.url}` +
      (requiresToken ? ' --codec-auth "Bearer <token>"' : ''),
  );
  const warning = requiresToken
    ? undefined
    : `WARNING: no token (--auth, or ORDER_DEMO_CODEC_AUTH): anyone who can reach ${server.url} can decrypt ` +
      'every payload these keys encrypted. Set ORDER_DEMO_CODEC_AUTH to a secret token to require it.';
  return { lines, warning };
}
