import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { EntityManager } from 'typeorm';

/** Work that must run only once a transaction committed (socket events, announcements). */
export type AfterCommit = () => void | Promise<void>;

/** A feature's part of a block, inside the block's transaction (see AccountDataRegistry.onMemberBlocked). */
export type MemberBlockedListener = (
  manager: EntityManager,
  blockerId: string,
  blockedId: string,
) => Promise<AfterCommit | void>;

/**
 * A feature's part of an erasure, inside the erasure's transaction (see AccountDataRegistry.onAccountErasing): runs
 * before the member's row is deleted, so the member's own rows can still be read.
 */
export type AccountErasingListener = (manager: EntityManager, userId: string) => Promise<AfterCommit | void>;

/** Returns one section of a member's data export (plain JSON). */
export type AccountDataExporter = (userId: string, manager: EntityManager) => Promise<unknown>;

/**
 * Every feature that stores data about a member registers an exporter here, so `GET /me/export` returns
 * everything stored about them. Erasure is by foreign keys (ON DELETE CASCADE / SET NULL) from `users`, plus what
 * a foreign key cannot reach (ids inside arrays and job payloads, others' alerts to reopen), which features do in
 * `onAccountErasing` listeners, in the same transaction (ADR 0038).
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

  private readonly blockListeners: MemberBlockedListener[] = [];

  /**
   * Features that link members (contacts, sponsorships, phone-list requests, open alerts) undo those links when
   * one blocks the other. A listener works in the block's own transaction (`manager`): the block and every
   * listener's changes commit together or not at all. What must happen only after the commit (socket events)
   * it returns as a function; it is run once the block committed.
   */
  onMemberBlocked(listener: MemberBlockedListener): void {
    this.blockListeners.push(listener);
  }

  /** Runs every listener inside the caller's transaction; returns their after-commit work, in order. */
  async memberBlocked(manager: EntityManager, blockerId: string, blockedId: string): Promise<AfterCommit[]> {
    const afterCommit: AfterCommit[] = [];
    for (const listener of this.blockListeners) {
      const after = await listener(manager, blockerId, blockedId);
      if (after) afterCommit.push(after);
    }
    return afterCommit;
  }

  private readonly erasingListeners: AccountErasingListener[] = [];

  /**
   * Features whose data refers to a member where no foreign key reaches (a uuid in an array or in a job's JSON)
   * or whose rows must change rather than vanish (an alert whose only answer goes with the member) do that here.
   * A listener works in the erasure's own transaction (`manager`), before the member's row is deleted: everything
   * commits together or not at all. After-commit work (socket events) it returns as a function.
   */
  onAccountErasing(listener: AccountErasingListener): void {
    this.erasingListeners.push(listener);
  }

  /** Runs every erasure listener inside the caller's transaction; returns their after-commit work, in order. */
  async accountErasing(manager: EntityManager, userId: string): Promise<AfterCommit[]> {
    const afterCommit: AfterCommit[] = [];
    for (const listener of this.erasingListeners) {
      const after = await listener(manager, userId);
      if (after) afterCommit.push(after);
    }
    return afterCommit;
  }

  /** Runs after an account was erased (e.g. to disconnect its sockets). */
  onAccountDeleted(listener: (userId: string) => void): void {
    this.events.on('deleted', listener);
  }

  accountDeleted(userId: string): void {
    this.events.emit('deleted', userId);
  }

  /** Runs after a member signed out everywhere (e.g. to disconnect their sockets). */
  onSignedOutEverywhere(listener: (userId: string) => void): void {
    this.events.on('signed-out-everywhere', listener);
  }

  signedOutEverywhere(userId: string): void {
    this.events.emit('signed-out-everywhere', userId);
  }
}
