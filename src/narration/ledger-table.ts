// Renders the ledger of external effects for a person: per order, a table of its effects and one of the repeated
// calls the external systems absorbed, then the audit in one line.
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { UNDOES } from '../domain/effects';
import type { Effect, RecordedEffect } from '../services/effects';
import type { LedgerAudit, OrderLedger } from '../verification/ledger-checks';

const COLUMN_WIDTHS = [5, 19, 24, 36, 30];

/** A cell of words-without-spaces (keys, worker identities): wrapped anywhere rather than cut short. */
type Cell = string | { content: string; wrapOnWordBoundary: false };

function unbroken(content: string): Cell {
  return { content, wrapOnWordBoundary: false };
}

/** `warehouse pack SKU-003`. */
function effectName(effect: Effect): string {
  return [effect.service, effect.action, effect.action === 'pack' ? effect.subject : undefined]
    .filter(Boolean)
    .join(' ');
}

/** Which attempt of which worker made the call, and when (UTC). */
function madeBy(call: { attempt: number; worker: string; at: string }): Cell {
  return unbroken(
    `attempt ${call.attempt}\n${call.worker}\n${call.at.replace('T', ' ').replace('Z', ' UTC')}`,
  );
}

function table(head: string[], rows: Cell[][], color: boolean): string {
  const rendered = new Table({
    head,
    colWidths: COLUMN_WIDTHS.slice(0, head.length),
    wordWrap: true,
    style: { head: color ? ['bold'] : [], border: color ? ['grey'] : [] },
  });
  rendered.push(...rows);
  return rendered.toString();
}

/** `payment refund of #1`: a refund or a release names, by its record, the effect it gives back. */
function effectRow(effect: RecordedEffect, effects: readonly RecordedEffect[]): Cell[] {
  const givenBack =
    effect.action in UNDOES ? effects.find((other) => other.key === effect.subject) : undefined;
  const name = `${effectName(effect)}${givenBack ? ` of #${givenBack.id}` : ''}`;
  return [`#${effect.id}`, name, effect.result, unbroken(effect.key), madeBy(effect)];
}

function orderSection(order: OrderLedger, color: boolean): string[] {
  const c = new Chalk({ level: color ? 1 : 0 });
  const lines = [
    '',
    c.bold(`Workflow ${order.workflowId}${order.orderId ? ` — order ${order.orderId}` : ''}`),
    table(
      ['#', 'effect', 'result', 'idempotency key', 'made by'],
      order.effects.map((effect) => effectRow(effect, order.effects)),
      color,
    ),
  ];
  if (order.absorbedDuplicates.length > 0) {
    lines.push(
      `Repeated calls absorbed (no second effect): ${order.absorbedDuplicates.length}`,
      table(
        ['#', 'repeated call', 'answered with (record)', 'idempotency key', 'made by'],
        order.absorbedDuplicates.map((duplicate) => [
          `#${duplicate.id}`,
          effectName(duplicate.effect),
          `${duplicate.effect.result} (#${duplicate.effect.id})`,
          unbroken(duplicate.key),
          madeBy(duplicate),
        ]),
        color,
      ),
    );
  }
  return lines;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The ledger in `file`, order by order, and the audit's verdict. */
export function renderLedger(
  file: string,
  orders: readonly OrderLedger[],
  audit: LedgerAudit,
  color: boolean,
): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const absorbed = audit.absorbedDuplicates.reduce((sum, entry) => sum + entry.count, 0);
  const lines = [`Ledger ${file}: ${plural(audit.effects, 'effect')} of ${plural(orders.length, 'order')}`];
  for (const order of orders) lines.push(...orderSection(order, color));
  lines.push('');
  const summary = `${plural(audit.effects, 'effect')}, ${plural(absorbed, 'repeated call')} absorbed`;
  if (audit.duplicateEffects.length === 0) {
    lines.push(c.green(`${summary}, no duplicate effect.`));
  } else {
    lines.push(c.red.bold(`${summary}, ${plural(audit.duplicateEffects.length, 'duplicate effect')}:`));
    for (const duplicate of audit.duplicateEffects) {
      lines.push(
        c.red(
          `  ${duplicate.workflowId}: ${duplicate.action}${duplicate.subject ? ` ${duplicate.subject}` : ''} ` +
            `recorded under ${duplicate.keys.length} keys: ${duplicate.keys.join(', ')}`,
        ),
      );
    }
  }
  return lines.join('\n');
}
