import { Readable } from 'node:stream';
import type { Core } from '../core/context.ts';
import { findMailboxByAddress, ingestMessage, maxMessageBytes } from '../core/mail/index.ts';
import type { IngestResult } from '../core/mail/index.ts';
import { ticketReference } from '../core/tickets/index.ts';
import { UsageError } from './output.ts';
import type { Command, OptionValues } from './run.ts';

async function readAll(input: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.byteLength;
    // Keep a little more than the limit: enough to quarantine it as oversized without holding gigabytes.
    if (size <= maxMessageBytes + 1024 * 1024) chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The result as `key: value` lines for scripts: outcome, then ticket, quarantine id and reason when there are. */
export function describeIngest(result: IngestResult): string[] {
  return [
    `outcome: ${result.outcome}`,
    ...(result.ticketNumber !== undefined ? [`ticket: ${ticketReference(result.ticketNumber)}`] : []),
    ...(result.quarantineId ? [`quarantine: ${result.quarantineId}`] : []),
    ...(result.reason ? [`reason: ${result.reason}`] : []),
  ];
}

/**
 * Reads one message from `input` and ingests it. Every outcome that keeps the message (a ticket, a
 * reply, a skip that is recorded, the quarantine) succeeds, so the MTA does not bounce it; only a
 * message that could not be kept fails.
 */
export async function ingestFrom(core: Core, input: Readable, values: OptionValues): Promise<IngestResult> {
  const address = values['mailbox'];
  let mailbox;
  if (typeof address === 'string') {
    mailbox = await findMailboxByAddress(core, address);
    if (!mailbox) throw new UsageError(`portico mail ingest: no mailbox with the address ${address}`);
  }
  const raw = await readAll(input);
  if (raw.byteLength === 0) throw new UsageError('portico mail ingest: no message on standard input');
  return ingestMessage(core, raw, mailbox ? { mailbox } : {});
}

export const mailIngestCommand: Command = {
  options: { mailbox: { type: 'string' } },
  async run(core, values) {
    const result = await ingestFrom(core, process.stdin, values);
    for (const line of describeIngest(result)) console.log(line);
  },
};
