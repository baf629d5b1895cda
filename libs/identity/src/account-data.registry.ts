import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { EntityManager } from 'typeorm';

/** Returns one section of a member's data export (plain JSON). */
export type AccountDataExporter = (userId: string, manager: EntityManager) => Promise<unknown>;

/**
 * Every feature that stores data about a member registers an exporter here, so `GET /me/export` returns
 * everything stored about them. Erasure is by foreign keys (ON DELETE CASCADE / SET NULL) from `users`.
 */
@Injectable()
export class AccountDataRegistry {
  private readonly exporters = new Map<string, AccountDataExporter>();
  private readonly events = new EventEmitter();

  registerExporter(section: string, exporter: AccountDataExporter): void {
    if (this.exporters.has(section)) throw new Error(`Export section ${section} is registered twice`);
    this.exporters.set(section, exporter);
  }

  sections(): [string, AccountDataExporter][] {
    return [...this.exporters.entries()];
  }

  private readonly blockListeners: ((blockerId: string, blockedId: string) => Promise<void>)[] = [];

  /** Features that link members (contacts, sponsorships) undo those links when one blocks the other. */
  onMemberBlocked(listener: (blockerId: string, blockedId: string) => Promise<void>): void {
    this.blockListeners.push(listener);
  }

  async memberBlocked(blockerId: string, blockedId: string): Promise<void> {
    for (const listener of this.blockListeners) await listener(blockerId, blockedId);
  }

  /** Runs after an account was erased (e.g. to disconnect its sockets). */
  onAccountDeleted(listener: (userId: string) => void): void {
    this.events.on('deleted', listener);
  }

  accountDeleted(userId: string): void {
    this.events.emit('deleted', userId);
  }
}
