import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * This process's name among the instances that share one database (ADR 049): the host, the
 * process id and a random suffix (a restarted process on the same host and pid is another
 * instance). Written in the outbox claims and the job leases, to tell who holds what; never
 * personal data.
 */
export const instanceId = `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(4).toString('hex')}`;
