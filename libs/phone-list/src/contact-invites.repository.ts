import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, LessThan, MoreThan } from 'typeorm';
import { ContactInviteEntity } from './entities/contact-invite.entity';

/** Invite codes (stored as hashes only). */
@Injectable()
export class ContactInvitesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Serializes invite creation for one member (so the live-invite cap holds under concurrency). */
  async lockInviter(manager: EntityManager, inviterId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`contact-invites:${inviterId}`]);
  }

  countLive(manager: EntityManager, inviterId: string, now: Date): Promise<number> {
    return manager.countBy(ContactInviteEntity, { inviterId, usedAt: IsNull(), expiresAt: MoreThan(now) });
  }

  async insert(manager: EntityManager, inviterId: string, codeHash: Buffer, expiresAt: Date): Promise<void> {
    await manager.insert(ContactInviteEntity, { inviterId, codeHash, expiresAt, usedAt: null, usedById: null });
  }

  /** The invite with this hash, locked so that only one accept can spend it. */
  findByHashForUpdate(manager: EntityManager, codeHash: Buffer): Promise<ContactInviteEntity | null> {
    return manager.findOne(ContactInviteEntity, { where: { codeHash }, lock: { mode: 'pessimistic_write' } });
  }

  async markUsed(manager: EntityManager, id: string, usedById: string, usedAt: Date): Promise<boolean> {
    const result = await manager.update(ContactInviteEntity, { id, usedAt: IsNull() }, { usedAt, usedById });
    return (result.affected ?? 0) > 0;
  }

  async deleteExpiredBefore(cutoff: Date): Promise<number> {
    const result = await this.dataSource.manager.delete(ContactInviteEntity, { expiresAt: LessThan(cutoff) });
    return (result.affected ?? 0);
  }

  exportFor(inviterId: string, manager: EntityManager): Promise<unknown[]> {
    return manager.find(ContactInviteEntity, {
      where: { inviterId },
      select: { id: true, createdAt: true, expiresAt: true, usedAt: true, usedById: true },
      order: { createdAt: 'ASC' },
    });
  }
}
