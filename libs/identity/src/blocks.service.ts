import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { logMappedError, mapError } from '@homegroup/operations';
import { AccountDataRegistry } from './account-data.registry';
import { MemberBlockEntity } from './entities/member-block.entity';
import { UserEntity } from './entities/user.entity';

export type BlockedMember = { user: { id: string; displayName: string }; blockedAt: string };

/**
 * Blocking: the blocked member stops finding the blocker (discovery, next-to-call), cannot ask them for
 * sponsorship, any contact link between them is removed, and neither stays on the other's open alerts
 * (features listen to `onMemberBlocked`). The block and all of that are one transaction (ADR 0018).
 */
@Injectable()
export class BlocksService {
  private readonly logger = new Logger(BlocksService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: AccountDataRegistry,
  ) {
    registry.registerExporter('blocks', (userId, manager) =>
      manager.find(MemberBlockEntity, { where: { blockerId: userId }, order: { createdAt: 'ASC' } }),
    );
  }

  async block(blockerId: string, blockedId: string): Promise<void> {
    if (blockerId === blockedId) throw new BadRequestException('You cannot block yourself');
    const exists = await this.dataSource.getRepository(UserEntity).existsBy({ id: blockedId });
    if (!exists) throw new NotFoundException('No such member');
    // One transaction: the block row and every feature's unlinking commit together or not at all. Blocks of
    // one pair (either direction) run one after the other.
    const afterCommit = await this.dataSource.transaction(async (manager) => {
      const [first, second] = blockerId < blockedId ? [blockerId, blockedId] : [blockedId, blockerId];
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`member-block:${first}:${second}`]);
      await manager
        .createQueryBuilder()
        .insert()
        .into(MemberBlockEntity)
        .values({ blockerId, blockedId })
        .orIgnore()
        .execute();
      return this.registry.memberBlocked(manager, blockerId, blockedId);
    });
    // The block stands; a failed notification must not turn it into an error answer.
    for (const work of afterCommit) {
      try {
        await work();
      } catch (error) {
        logMappedError(this.logger, mapError(error), 'block: after commit');
      }
    }
  }

  async unblock(blockerId: string, blockedId: string): Promise<void> {
    const result = await this.dataSource.getRepository(MemberBlockEntity).delete({ blockerId, blockedId });
    if ((result.affected ?? 0) === 0) throw new NotFoundException('You have not blocked this member');
  }

  async list(blockerId: string): Promise<BlockedMember[]> {
    const rows = await this.dataSource
      .getRepository(MemberBlockEntity)
      .find({ where: { blockerId }, relations: { blocked: true }, order: { createdAt: 'DESC' } });
    return rows.map((r) => ({
      user: { id: r.blockedId, displayName: r.blocked?.displayName ?? '' },
      blockedAt: r.createdAt.toISOString(),
    }));
  }

  /** True when either member blocked the other. */
  async eitherBlocked(a: string, b: string): Promise<boolean> {
    return this.dataSource.getRepository(MemberBlockEntity).exists({
      where: [
        { blockerId: a, blockedId: b },
        { blockerId: b, blockedId: a },
      ],
    });
  }
}
